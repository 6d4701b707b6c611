/**
 * The route table compiled for the hot path: one bucket per method; routes without parameters
 * in a Map keyed by path (one lookup, no allocation); the others tried in order of specificity.
 */
import type { RouteRule } from './defaults.js';

/** A matched route and the values of its `{params}` (raw, not percent-decoded). */
export interface RouteMatch {
  rule: RouteRule;
  params: Record<string, string>;
}

/** A path segment of a pattern: literal text, `{name}` (one segment) or `{name+}` (one or more). */
type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'multi'; name: string };

/** A parsed pattern, or why it is malformed. */
export type ParsedPattern =
  | { ok: true; segments: Segment[]; shape: string }
  | { ok: false; reason: string };

const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;
const LITERAL = /^[^{}\s?#/]+$/;

/**
 * Parses a route pattern such as `/v1/content/{generation_id}`. `shape` is the pattern with
 * parameter names erased (`/v1/content/{}`), so that two routes of the same shape are
 * recognised as duplicates.
 */
export function parseRoutePattern(path: string): ParsedPattern {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return { ok: false, reason: 'it must start with "/"' };
  }
  if (path === '/') return { ok: true, segments: [], shape: '/' };
  const parts = path.slice(1).split('/');
  const segments: Segment[] = [];
  const names = new Set<string>();
  let multi = 0;
  for (const part of parts) {
    const param = PARAM.exec(part);
    if (param) {
      const name = param[1]!;
      if (names.has(name)) return { ok: false, reason: `parameter {${name}} appears twice` };
      names.add(name);
      const isMulti = param[2] === '+';
      if (isMulti && ++multi > 1) {
        return { ok: false, reason: 'at most one multi-segment parameter is allowed' };
      }
      segments.push(isMulti ? { kind: 'multi', name } : { kind: 'param', name });
    } else if (LITERAL.test(part)) {
      segments.push({ kind: 'literal', text: part });
    } else {
      return { ok: false, reason: `segment ${JSON.stringify(part)} is not text or a {param}` };
    }
  }
  const shape = `/${segments.map((s) => (s.kind === 'literal' ? s.text : s.kind === 'param' ? '{}' : '{+}')).join('/')}`;
  return { ok: true, segments, shape };
}

interface DynamicRoute {
  rule: RouteRule;
  segments: Segment[];
  /** Index of the multi-segment parameter, or -1. */
  multi: number;
}

interface Bucket {
  literal: Map<string, RouteMatch>;
  dynamic: DynamicRoute[];
}

const RANK = { literal: 0, param: 1, multi: 2 } as const;

/** Literal segments beat `{param}`, which beats `{param+}`, position by position. */
function bySpecificity(a: DynamicRoute, b: DynamicRoute): number {
  if (a.multi < 0 !== b.multi < 0) return a.multi < 0 ? -1 : 1;
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const diff = RANK[a.segments[i]!.kind] - RANK[b.segments[i]!.kind];
    if (diff !== 0) return diff;
  }
  return b.segments.length - a.segments.length;
}

function matchDynamic(route: DynamicRoute, parts: string[]): RouteMatch | null {
  // parts[0] is the empty string before the leading '/'.
  const count = parts.length - 1;
  const { segments, multi } = route;
  const span = count - segments.length + 1; // segments the multi parameter consumes
  if (multi < 0 ? count !== segments.length : span < 1) return null;
  const params: Record<string, string> = {};
  let p = 1;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    if (segment.kind === 'literal') {
      if (parts[p++] !== segment.text) return null;
    } else if (segment.kind === 'param') {
      const value = parts[p++]!;
      if (value === '') return null;
      params[segment.name] = value;
    } else {
      for (let i = p; i < p + span; i++) if (parts[i] === '') return null;
      params[segment.name] = span === 1 ? parts[p]! : parts.slice(p, p + span).join('/');
      p += span;
    }
  }
  return { rule: route.rule, params };
}

/** A compiled route table; see {@link compileRoutes}. */
export type RouteMatcher = (method: string, path: string) => RouteMatch | null;

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Compiles validated rules (upper-case methods, well-formed patterns) into a matcher. The path
 * is matched as given, without percent-decoding; a query string and one trailing slash are
 * ignored; an unknown method or path gives `null`.
 */
export function compileRoutes(rules: readonly RouteRule[]): RouteMatcher {
  const buckets = new Map<string, Bucket>();
  for (const rule of rules) {
    const parsed = parseRoutePattern(rule.path);
    if (!parsed.ok) continue; // compilePolicy has refused these already
    let bucket = buckets.get(rule.method);
    if (!bucket) {
      bucket = { literal: new Map(), dynamic: [] };
      buckets.set(rule.method, bucket);
    }
    if (parsed.segments.every((s) => s.kind === 'literal')) {
      bucket.literal.set(rule.path, Object.freeze({ rule, params: NO_PARAMS }));
    } else {
      const multi = parsed.segments.findIndex((s) => s.kind === 'multi');
      bucket.dynamic.push({ rule, segments: parsed.segments, multi });
    }
  }
  for (const bucket of buckets.values()) bucket.dynamic.sort(bySpecificity);

  const find = (bucket: Bucket, path: string): RouteMatch | null => {
    const literal = bucket.literal.get(path);
    if (literal !== undefined) return literal;
    if (bucket.dynamic.length === 0 || path.charCodeAt(0) !== 47) return null;
    const parts = path.split('/');
    for (const route of bucket.dynamic) {
      const match = matchDynamic(route, parts);
      if (match !== null) return match;
    }
    return null;
  };
  const get = buckets.get('GET');

  return (method, rawPath) => {
    let bucket = buckets.get(method);
    let upper: string | undefined;
    if (bucket === undefined) {
      upper = String(method).toUpperCase();
      bucket = buckets.get(upper);
    }
    // HEAD is GET without the body (RFC 9110 §9.3.2): it needs, and gets, the GET route's scope.
    const head = (upper ?? String(method).toUpperCase()) === 'HEAD' ? get : undefined;
    if ((bucket === undefined && head === undefined) || typeof rawPath !== 'string') return null;
    let path = rawPath;
    const query = path.indexOf('?');
    if (query >= 0) path = path.slice(0, query);
    if (path.length > 1 && path.charCodeAt(path.length - 1) === 47) path = path.slice(0, -1);
    const match = bucket === undefined ? null : find(bucket, path);
    return match ?? (head === undefined ? null : find(head, path));
  };
}
