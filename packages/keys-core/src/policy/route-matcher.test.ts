import { describe, expect, it } from 'vitest';
import type { RouteRule } from './defaults.js';
import { DEFAULT_ROUTES } from './defaults.js';
import { compileRoutes, parseRoutePattern } from './route-matcher.js';

const match = compileRoutes(DEFAULT_ROUTES);

describe('compileRoutes with the default table', () => {
  it('captures a model identifier that contains a slash', () => {
    expect(match('POST', '/v1/generate/image/bfl/flux-schnell')).toEqual({
      rule: {
        method: 'POST',
        path: '/v1/generate/image/{model_identifier+}',
        scope: 'generation:write',
      },
      params: { model_identifier: 'bfl/flux-schnell' },
    });
  });

  it('captures a model identifier of one segment', () => {
    expect(match('GET', '/v1/estimate/flux')?.params).toEqual({ model_identifier: 'flux' });
  });

  it('captures a model identifier of three segments', () => {
    expect(match('GET', '/v1/estimate/a/b/c')?.params).toEqual({ model_identifier: 'a/b/c' });
  });

  it('captures a one-segment parameter', () => {
    expect(match('DELETE', '/v1/content/gen_1')?.params).toEqual({ generation_id: 'gen_1' });
  });

  it('prefers the literal /v1/content/list over /v1/content/{generation_id}', () => {
    expect(match('GET', '/v1/content/list')?.rule.path).toBe('/v1/content/list');
  });

  it('matches the method case-insensitively', () => {
    expect(match('get', '/v1/status')?.rule.scope).toBe('account:read');
  });

  it.each([
    ['HEAD', '/v1/status', '/v1/status', 'account:read'],
    ['head', '/v1/content/gen_1', '/v1/content/{generation_id}', 'generation:read'],
    ['HEAD', '/v1/estimate/bfl/flux-schnell', '/v1/estimate/{model_identifier+}', 'library:read'],
  ])('looks %s %s up in the GET routes, with their scope', (method, path, pattern, scope) => {
    const found = match(method, path);
    expect(found?.rule).toMatchObject({ method: 'GET', path: pattern });
    expect(found?.rule.scope).toBe(match('GET', path)?.rule.scope);
    expect(found?.rule.scope).toBe(scope);
  });

  it('ignores one trailing slash', () => {
    expect(match('GET', '/v1/status/')?.rule.path).toBe('/v1/status');
  });

  it('ignores a query string', () => {
    expect(match('GET', '/v1/content/gen_1?fields=all')?.params).toEqual({
      generation_id: 'gen_1',
    });
  });

  it.each([
    ['GET', '/v1/unknown'],
    ['PUT', '/v1/status'],
    ['HEAD', '/v1/unknown'],
    ['HEAD', '/v1/generate/image/bfl/flux-schnell'],
    ['GET', '/v1/generate/image/bfl/flux-schnell'],
    ['POST', '/v1/generate/image'],
    ['POST', '/v1/generate/image/'],
    ['POST', '/v1/generate/image//flux'],
    ['GET', '/v1/content/a/b'],
    ['GET', '/v1/content//'],
    ['GET', '/v1/status//'],
    ['GET', '/V1/STATUS'],
    ['GET', 'v1/status'],
    ['GET', ''],
    ['GET', '/'],
  ])('returns null for %s %j, never a guessed scope', (method, path) => {
    expect(match(method, path)).toBeNull();
  });
});

describe('compileRoutes with custom rules', () => {
  it('prefers a literal segment over a parameter at the same position', () => {
    const rules: RouteRule[] = [
      { method: 'GET', path: '/files/{id}/meta', scope: 'a' },
      { method: 'GET', path: '/files/latest/{part}', scope: 'b' },
    ];
    expect(compileRoutes(rules)('GET', '/files/latest/meta')?.rule.scope).toBe('b');
  });

  it('gives no parameter name a meaning: {model_identifier} is one segment like any {param}', () => {
    const rules: RouteRule[] = [{ method: 'GET', path: '/m/{model_identifier}', scope: 'a' }];
    expect(compileRoutes(rules)('GET', '/m/flux')?.params).toEqual({ model_identifier: 'flux' });
    expect(compileRoutes(rules)('GET', '/m/bfl/flux')).toBeNull();
  });

  it('supports {name+} for any multi-segment parameter', () => {
    const rules: RouteRule[] = [{ method: 'GET', path: '/files/{path+}/raw', scope: 'a' }];
    expect(compileRoutes(rules)('GET', '/files/a/b/c/raw')?.params).toEqual({ path: 'a/b/c' });
  });

  it('lets an explicit HEAD route win, and falls back to GET for the other paths', () => {
    const rules: RouteRule[] = [
      { method: 'GET', path: '/files/{id}', scope: 'read' },
      { method: 'HEAD', path: '/files/special', scope: 'head' },
    ];
    const custom = compileRoutes(rules);
    expect(custom('HEAD', '/files/special')?.rule.scope).toBe('head');
    expect(custom('HEAD', '/files/f1')?.rule.scope).toBe('read');
    expect(custom('HEAD', '/other')).toBeNull();
  });

  it('refuses HEAD when the table has no GET routes', () => {
    const rules: RouteRule[] = [{ method: 'POST', path: '/files', scope: 'write' }];
    expect(compileRoutes(rules)('HEAD', '/files')).toBeNull();
  });

  it('matches the root path', () => {
    const rules: RouteRule[] = [{ method: 'GET', path: '/', scope: 'a' }];
    expect(compileRoutes(rules)('GET', '/')?.rule.scope).toBe('a');
  });
});

describe('parseRoutePattern', () => {
  it('erases parameter names in the shape', () => {
    expect(parseRoutePattern('/v1/content/{generation_id}')).toMatchObject({
      ok: true,
      shape: '/v1/content/{}',
    });
  });

  it.each([
    'v1/status',
    '/v1/status/',
    '/v1//status',
    '/v1/{id',
    '/v1/{}',
    '/v1/x{id}',
    '/v1/{1id}',
    '/v1/{id}/{id}',
    '/v1/{model_identifier+}/{rest+}',
    '/v1/sta tus',
    '/v1/status?x=1',
  ])('refuses %j', (path) => {
    expect(parseRoutePattern(path).ok).toBe(false);
  });
});

describe('HEAD through the engine', () => {
  it('verifies HEAD with the GET route’s scope: allowed with it, 403 BSE1003 without', async () => {
    const { testEngine } = await import('../test-support/test-engine.js');
    const engine = testEngine();
    const { secret } = await engine.create({ preset: 'generate-only' });
    const verify = (path: string) =>
      engine.keys.verify({
        authorization: `Bearer ${secret}`,
        ip: '203.0.113.1',
        method: 'HEAD',
        path,
      });
    expect(await verify('/v1/content/list')).toMatchObject({ ok: true });
    expect(await verify('/v1/status')).toMatchObject({ ok: false, code: 'BSE1003' });
    await engine.keys.close();
  });
});
