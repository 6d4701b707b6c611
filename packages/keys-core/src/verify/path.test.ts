import { describe, expect, it } from 'vitest';
import { routePath } from './path.js';

describe('routePath', () => {
  it('returns a plain path unchanged', () => {
    expect(routePath('/v1/content/list')).toBe('/v1/content/list');
  });

  it('decodes escaped unreserved characters, as routers do', () => {
    expect(routePath('/v1/content/%6Cist')).toBe('/v1/content/list');
  });

  it('keeps an escaped slash escaped (it is not a separator)', () => {
    expect(routePath('/v1/estimate/bfl%2Fflux')).toBe('/v1/estimate/bfl%2Fflux');
  });

  it.each(['/v1/content/../usage', '/v1/./status', '/v1/content/%2e%2e/usage', '/v1/%2E/status'])(
    'refuses the dot segment in %s',
    (path) => {
      expect(routePath(path)).toBeNull();
    },
  );

  it.each(['/v1/content/x\\..\\..\\status', '/v1\\status', '/v1/content/a\\b'])(
    'refuses the backslash in %s (a URL parser reads it as a slash)',
    (path) => {
      expect(routePath(path)).toBeNull();
    },
  );

  it('keeps dots inside a segment', () => {
    expect(routePath('/v1/estimate/bfl/flux-1.1-pro')).toBe('/v1/estimate/bfl/flux-1.1-pro');
  });
});
