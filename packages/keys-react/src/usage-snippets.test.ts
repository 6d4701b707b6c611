import { describe, expect, it } from 'vitest';
import { createUsageSnippets, SDK_CALLS, sdkCallForScopes } from './usage-snippets.js';

const tab = (id: string, options = {}) => {
  const snippet = createUsageSnippets(options).find((s) => s.id === id);
  if (!snippet) throw new Error(`no ${id} tab`);
  return snippet;
};

describe('createUsageSnippets', () => {
  it('offers cURL, TypeScript and Python, in that order', () => {
    expect(createUsageSnippets().map((s) => s.label)).toEqual(['cURL', 'TypeScript', 'Python']);
  });

  it('fills the key into the cURL and Python examples', () => {
    expect(tab('curl').code('bye_x')).toContain('-H "Authorization: Bearer bye_x"');
    expect(tab('python').code('bye_x')).toContain('"Authorization": "Bearer bye_x"');
  });

  it('puts the key in the .env line of the TypeScript example, read from the environment', () => {
    const ts = tab('typescript', { envVar: 'MY_KEY' }).code('bye_x');
    expect(ts).toContain('// MY_KEY=bye_x');
    expect(ts).toContain('apiKey: process.env.MY_KEY!,');
  });

  it("writes the TypeScript example with BabySea's SDK, in BabySea's region by default", () => {
    const ts = tab('typescript').code('bye_x');
    expect(ts).toContain("import { BabySea } from 'babysea';");
    expect(ts).toContain("  region: 'us',");
    expect(ts).not.toContain('baseUrl');
  });

  it('points the SDK at another API with baseUrl, saying what it is', () => {
    const ts = tab('typescript', {
      baseUrl: 'http://localhost:3000/',
      baseUrlNote: "this demo's stand-in for BabySea's API",
    }).code('bye_x');
    expect(ts).toContain(
      "  baseUrl: 'http://localhost:3000', // this demo's stand-in for BabySea's API",
    );
    expect(ts).not.toContain('region');
  });

  it('points the cURL example at the given path without a doubled slash', () => {
    const curl = tab('curl', { baseUrl: 'https://api.example.com/', path: '/v1/status' }).code('k');
    expect(curl).toContain('curl https://api.example.com/v1/status');
    expect(curl).not.toContain('-d');
  });

  it.each([
    [
      ['generation:write', 'generation:read', 'library:read'],
      'client.generate(',
      'POST',
      '/v1/generate/image/bfl/flux-schnell',
    ],
    [
      ['generation:read', 'account:read', 'health:read', 'library:read'],
      'client.status()',
      'GET',
      '/v1/status',
    ],
    [
      ['health:read', 'library:read'],
      'client.health.providers()',
      'GET',
      '/v1/health/inference/providers',
    ],
    [['library:read'], 'client.library.models()', 'GET', '/v1/library/models'],
    [['generation:read'], 'client.listGenerations()', 'GET', '/v1/content/list'],
  ])('for a key with %j, every tab calls a route it may call', (scopes, sdk, method, path) => {
    const context = { scopes };
    expect(tab('typescript').code('k', context)).toContain(`const result = await ${sdk}`);
    const curl = tab('curl').code('k', context);
    expect(curl).toContain(`https://api.us.babysea.ai${path}`);
    expect(curl.startsWith('curl -X POST')).toBe(method === 'POST');
    expect(tab('python').code('k', context)).toContain(`requests.${method.toLowerCase()}(`);
  });
});

describe('sdkCallForScopes', () => {
  it('gives every example call a scope of its own, one per scope', () => {
    const scopes = SDK_CALLS.map((call) => call.scope);
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it('falls back to generate when the scopes are unknown', () => {
    expect(sdkCallForScopes().path).toBe('/v1/generate/image/bfl/flux-schnell');
  });
});
