import { describe, expect, it } from 'vitest';
import { compilePolicy, type RouteMatch } from '../policy/index.js';
import { routePath } from './path.js';
import { createRouteMemo, MAX_MEMO_PATH_LENGTH } from './route-memo.js';

const policy = compilePolicy();

/** `policy.matchRoute`, counting its calls. */
function counted() {
  const calls: string[] = [];
  const matchRoute = (method: string, path: string): RouteMatch | null => {
    calls.push(`${method} ${path}`);
    return policy.matchRoute(method, path);
  };
  return { matchRoute, calls };
}

/** The answer without any memo. */
function direct(method: string, path: string): string | null {
  const normal = routePath(path);
  return normal === null ? null : (policy.matchRoute(method, normal)?.rule.scope ?? null);
}

const LINES: [string, string][] = [
  ['GET', '/v1/status'],
  ['GET', '/v1/content/list'],
  ['GET', '/v1/content/%6Cist'], // decoded like every router does
  ['GET', '/v1/content/list/'], // one trailing slash
  ['get', '/v1/content/list'], // method case
  ['POST', '/v1/generate/image/bfl/flux-schnell'], // multi-segment parameter
  ['GET', '/v1/content/gen_123'], // one-segment parameter
  ['GET', '/v1/content/../usage'], // dot segment: never a route
  ['GET', '/v1/content/%2E%2E/usage'], // encoded dot segment
  ['GET', '/v1/nope'], // not in the table
  ['DELETE', '/v1/status'], // known path, method not in the table
  ['GET', ''],
];

describe('createRouteMemo', () => {
  it('answers exactly as routePath + matchRoute, first time and remembered', () => {
    const route = createRouteMemo(policy.matchRoute);
    for (let round = 0; round < 3; round++) {
      for (const [method, path] of LINES) {
        expect(route(method, path)?.rule.scope ?? null, `${method} ${path}`).toBe(
          direct(method, path),
        );
      }
    }
  });

  it('still refuses unknown routes and dot segments when remembered', () => {
    const { matchRoute, calls } = counted();
    const route = createRouteMemo(matchRoute);
    for (let i = 0; i < 5; i++) {
      expect(route('GET', '/v1/nope')).toBeNull();
      expect(route('GET', '/v1/content/../usage')).toBeNull();
    }
    expect(calls).toEqual(['GET /v1/nope']); // the dot segment never reaches the matcher
  });

  it('matches a repeated request line once', () => {
    const { matchRoute, calls } = counted();
    const route = createRouteMemo(matchRoute);
    for (let i = 0; i < 100; i++) route('GET', '/v1/content/list');
    expect(calls).toHaveLength(1);
  });

  it('compares the whole line: same slot, other path or method, own answer', () => {
    // One slot: every line collides, and each must still get its own answer.
    const route = createRouteMemo(policy.matchRoute, 1);
    for (let round = 0; round < 3; round++) {
      for (const [method, path] of LINES) {
        expect(route(method, path)?.rule.scope ?? null).toBe(direct(method, path));
      }
    }
  });

  it('cannot grow past its bound: a flood of distinct paths keeps at most `size` answers', () => {
    const { matchRoute, calls } = counted();
    const route = createRouteMemo(matchRoute, 8);
    const paths = Array.from({ length: 2000 }, (_, i) => `/v1/content/gen_${i}`);
    for (const path of paths) expect(route('GET', path)?.rule.scope).toBe('generation:read');
    calls.length = 0;
    for (const path of paths) route('GET', path);
    // At most 8 of the 2,000 could still be remembered; everything else is matched again.
    expect(calls.length).toBeGreaterThanOrEqual(paths.length - 8);
  });

  it('never remembers a path longer than MAX_MEMO_PATH_LENGTH', () => {
    const { matchRoute, calls } = counted();
    const route = createRouteMemo(matchRoute);
    const long = `/v1/content/${'a'.repeat(MAX_MEMO_PATH_LENGTH)}`;
    for (let i = 0; i < 3; i++) expect(route('GET', long)?.rule.scope).toBe('generation:read');
    expect(calls).toHaveLength(3);
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => createRouteMemo(policy.matchRoute, 0)).toThrow(RangeError);
    expect(() => createRouteMemo(policy.matchRoute, 12)).toThrow(RangeError);
  });
});
