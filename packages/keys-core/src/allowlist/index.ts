/** IP allowlists: parse and normalise (browser-safe), then match client addresses fast. */
export { type ClientIp, formatClientIp, parseClientIp } from './ip-address.js';
export { type AllowlistMatcher, compileAllowlist } from './matcher.js';
export {
  type AllowlistParseResult,
  MAX_ALLOWLIST_ENTRIES,
  normalizeIp,
  parseIpAllowlist,
} from './parse-allowlist.js';
