/** Scopes, presets and the route table, and the compiled policy that checks requests. */
export {
  compilePolicy,
  getDefaultPolicy,
  type Policy,
  type PolicyInput,
} from './compile-policy.js';
export {
  DEFAULT_PRESETS,
  DEFAULT_ROUTES,
  DEFAULT_SCOPES,
  type Preset,
  type RouteRule,
  type Scope,
} from './defaults.js';
export { parseRoutePattern, type RouteMatch } from './route-matcher.js';
