import { describe, expect, it } from 'vitest';
import { createUsageSnippets } from './usage-snippets.js';

describe('createUsageSnippets', () => {
  it('offers cURL, TypeScript and Python, in that order', () => {
    expect(createUsageSnippets().map((s) => s.label)).toEqual(['cURL', 'TypeScript', 'Python']);
  });

  it('fills the key into the cURL and Python examples', () => {
    const [curl, , python] = createUsageSnippets();
    expect(curl!.code('bye_x')).toContain('-H "Authorization: Bearer bye_x"');
    expect(python!.code('bye_x')).toContain('"Authorization": "Bearer bye_x"');
  });

  it('puts the key in the .env line of the TypeScript example, read from the environment', () => {
    const ts = createUsageSnippets({ envVar: 'MY_KEY' })[1]!.code('bye_x');
    expect(ts).toContain('// MY_KEY=bye_x');
    expect(ts).toContain('process.env.MY_KEY');
  });

  it('points the examples at the given API without a doubled slash', () => {
    const [curl] = createUsageSnippets({ baseUrl: 'https://api.example.com/', path: '/v1/status' });
    expect(curl!.code('k')).toContain('https://api.example.com/v1/status');
  });
});
