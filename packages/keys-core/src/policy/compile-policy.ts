/**
 * Turns scopes, presets and routes (BabySea's by default) into a validated, frozen policy with
 * a fast route matcher. Every inconsistency is a configuration error thrown at `createKeys`
 * time, naming the offender, so that a bad table never reaches a request.
 */
import { KeysError } from '../errors/keys-error.js';
import {
  DEFAULT_PRESETS,
  DEFAULT_ROUTES,
  DEFAULT_SCOPES,
  type Preset,
  type RouteRule,
} from './defaults.js';
import { compileRoutes, parseRoutePattern, type RouteMatch } from './route-matcher.js';

/** What {@link compilePolicy} accepts; each part defaults to BabySea's table. */
export interface PolicyInput {
  /** Every scope a key may hold. @default DEFAULT_SCOPES */
  scopes?: readonly string[];
  /** Presets offered in the Add dialog. @default DEFAULT_PRESETS */
  presets?: readonly Preset[];
  /** Guarded routes and their scopes. @default DEFAULT_ROUTES */
  routes?: readonly RouteRule[];
}

/** A validated permission model. All arrays and records are frozen copies of the input. */
export interface Policy {
  readonly scopes: readonly string[];
  readonly presets: readonly Preset[];
  readonly routes: readonly RouteRule[];
  /** The preset with this id, if any. */
  presetById(id: string): Preset | undefined;
  /**
   * The route a request hits and its params, or `null` for a route not in the table (which a
   * verifier must refuse: it never guesses a scope). Method is case-insensitive; pass the path
   * without the query (a `?…` suffix and one trailing slash are ignored anyway).
   */
  matchRoute(method: string, path: string): RouteMatch | null;
}

const SCOPE_NAME = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$/;
const PRESET_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const METHOD = /^[A-Za-z]{1,16}$/;

function fail(message: string): never {
  throw new KeysError('INVALID_CONFIGURATION', message);
}

function listOf<T>(
  value: readonly T[] | undefined,
  fallback: readonly T[],
  name: string,
): readonly T[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value)) fail(`${name}: expected an array`);
  return value;
}

function compileScopes(input: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const scope of input) {
    if (typeof scope !== 'string' || !SCOPE_NAME.test(scope)) {
      fail(`scopes: ${JSON.stringify(scope)} is not a valid scope name ([A-Za-z0-9:._-], 1–64)`);
    }
    if (seen.has(scope)) fail(`scopes: "${scope}" is listed twice`);
    seen.add(scope);
  }
  return Object.freeze([...input]);
}

function compilePresets(input: readonly Preset[], scopes: ReadonlySet<string>): readonly Preset[] {
  const ids = new Set<string>();
  const presets = input.map((preset) => {
    const id = preset?.id;
    if (typeof id !== 'string' || !PRESET_ID.test(id)) {
      fail(`presets: ${JSON.stringify(id)} is not a valid preset id ([A-Za-z0-9_-], 1–64)`);
    }
    if (ids.has(id)) fail(`presets: "${id}" is defined twice`);
    ids.add(id);
    if (typeof preset.label !== 'string' || typeof preset.description !== 'string') {
      fail(`presets: "${id}" needs a label and a description`);
    }
    if (!Array.isArray(preset.scopes) || preset.scopes.length === 0) {
      fail(`presets: "${id}" grants no scope`);
    }
    const granted = new Set<string>();
    for (const scope of preset.scopes) {
      if (!scopes.has(scope)) fail(`presets: "${id}" names unknown scope ${JSON.stringify(scope)}`);
      if (granted.has(scope)) fail(`presets: "${id}" lists scope "${scope}" twice`);
      granted.add(scope);
    }
    const { label, description } = preset;
    return Object.freeze({
      id,
      label,
      description,
      scopes: Object.freeze([...preset.scopes]) as string[],
    });
  });
  return Object.freeze(presets);
}

function compileRouteRules(
  input: readonly RouteRule[],
  scopes: ReadonlySet<string>,
): readonly RouteRule[] {
  const shapes = new Map<string, string>();
  const rules = input.map((route) => {
    const { method, path, scope } = route ?? ({} as RouteRule);
    const name = `${String(method)} ${String(path)}`;
    if (typeof method !== 'string' || !METHOD.test(method)) {
      fail(`routes: ${name} has an invalid method`);
    }
    const parsed = parseRoutePattern(path);
    if (!parsed.ok) fail(`routes: ${name} is a malformed pattern: ${parsed.reason}`);
    if (!scopes.has(scope)) fail(`routes: ${name} names unknown scope ${JSON.stringify(scope)}`);
    const upper = method.toUpperCase();
    const key = `${upper} ${parsed.shape}`;
    const previous = shapes.get(key);
    if (previous !== undefined) fail(`routes: ${upper} ${path} duplicates ${previous}`);
    shapes.set(key, `${upper} ${path}`);
    return Object.freeze({ method: upper, path, scope });
  });
  return Object.freeze(rules);
}

/**
 * Validates and compiles a permission model. Unknown scopes in a preset or route, duplicate
 * scopes, preset ids or routes (same method and same pattern up to parameter names), and
 * malformed patterns throw. The input is copied, never mutated.
 *
 * @throws {KeysError} `INVALID_CONFIGURATION` with a message naming the offender
 * @example
 * const policy = compilePolicy();
 * policy.matchRoute('POST', '/v1/generate/image/bfl/flux-schnell');
 * // { rule: { method: 'POST', path: '/v1/generate/image/{model_identifier+}', scope: 'generation:write' },
 * //   params: { model_identifier: 'bfl/flux-schnell' } }
 */
export function compilePolicy(input: PolicyInput = {}): Policy {
  const scopes = compileScopes(listOf(input.scopes, DEFAULT_SCOPES, 'scopes'));
  const known = new Set(scopes);
  const presets = compilePresets(listOf(input.presets, DEFAULT_PRESETS, 'presets'), known);
  const routes = compileRouteRules(listOf(input.routes, DEFAULT_ROUTES, 'routes'), known);
  const byId = new Map(presets.map((preset) => [preset.id, preset]));
  const match = compileRoutes(routes);
  return Object.freeze({
    scopes,
    presets,
    routes,
    presetById: (id: string) => byId.get(id),
    matchRoute: match,
  });
}

let defaultPolicy: Policy | undefined;

/**
 * BabySea's policy (default scopes, presets and routes), compiled once and shared.
 *
 * @example
 * getDefaultPolicy().presetById('read-only')?.label; // 'Read Only'
 */
export function getDefaultPolicy(): Policy {
  defaultPolicy ??= compilePolicy();
  return defaultPolicy;
}
