/**
 * Step 5's route look-up, remembered per (method, raw path). Reading a path (`routePath`:
 * one scan, percent-decoding, dot segments) and matching it (`matchRoute`: a bucket per
 * method, then literal or pattern routes) are pure functions of the method, the path and the
 * compiled route table, which is frozen. So the same request line always gets the same
 * answer, and a busy API asks the same few request lines over and over: remembering the
 * answer saves both steps without changing any outcome. The scope check that follows runs
 * on every request, against the key in hand.
 *
 * The memo is direct-mapped and bounded: `size` slots, each holding one method, one path and
 * its answer (a match, or `null`: a dot segment or a route outside the table, refused by the
 * caller every time). A slot is chosen from the path's length and two of its characters
 * (no hashing of the whole string), and a hit must compare equal on both method and path, so
 * a collision only costs a recomputation. A flood of distinct paths just overwrites slots:
 * memory stays at `size` entries, and paths longer than {@link MAX_MEMO_PATH_LENGTH} are
 * never kept.
 */
import type { RouteMatch } from '../policy/index.js';
import { routePath } from './path.js';

/** Slots of the memo (a power of two). */
export const ROUTE_MEMO_SIZE = 64;
/** Longer paths are matched every time, never remembered (bounds the memory held). */
export const MAX_MEMO_PATH_LENGTH = 256;

/** The route of a request, `null` when it is not one (dot segment, not in the table). */
export type RouteLookup = (method: string, path: string) => RouteMatch | null;

/**
 * Wraps `matchRoute` (which must be pure: a compiled, frozen policy's) with path reading and
 * a bounded memo.
 *
 * @example
 * const route = createRouteMemo(policy.matchRoute);
 * route('GET', '/v1/content/%6Cist')?.rule.scope; // 'generation:read'
 */
export function createRouteMemo(
  matchRoute: (method: string, path: string) => RouteMatch | null,
  size = ROUTE_MEMO_SIZE,
): RouteLookup {
  if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0) {
    throw new RangeError(`route memo size must be a power of two, got ${size}`);
  }
  const mask = size - 1;
  const methods: (string | undefined)[] = new Array(size).fill(undefined);
  const paths: (string | undefined)[] = new Array(size).fill(undefined);
  const routes: (RouteMatch | null)[] = new Array(size).fill(null);

  return (method, path) => {
    const length = path.length;
    if (length === 0 || length > MAX_MEMO_PATH_LENGTH) return lookup(matchRoute, method, path);
    const slot =
      (length * 31 + path.charCodeAt(length - 1) * 7 + path.charCodeAt(length >> 1)) & mask;
    if (paths[slot] === path && methods[slot] === method) return routes[slot] ?? null;
    const route = lookup(matchRoute, method, path);
    methods[slot] = method;
    paths[slot] = path;
    routes[slot] = route;
    return route;
  };
}

function lookup(
  matchRoute: (method: string, path: string) => RouteMatch | null,
  method: string,
  path: string,
): RouteMatch | null {
  const normal = routePath(path);
  return normal === null ? null : matchRoute(method, normal);
}
