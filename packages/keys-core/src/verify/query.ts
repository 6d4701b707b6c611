/**
 * Query strings for usage logs (PRODUCT.md §8 "sanitized query"): values of parameters that
 * look like credentials are replaced, as are values that look like one of our keys, and the
 * result is capped. Parameter names are kept as sent so that a log stays readable.
 */

/** Longest query string looked at; the rest is dropped before any work. */
const MAX_QUERY_INPUT = 2048;
/** Longest sanitized query kept in a log row. */
export const MAX_LOGGED_QUERY_LENGTH = 512;
/** What a redacted value becomes. */
export const REDACTED = '[REDACTED]';

// Exact names (after lowercasing and `-` → `_`), then fragments that redact any name holding
// them (`x_amz_signature`, `client_secret`, `refresh_token`…). Redacting too much is harmless;
// too little writes a secret into a table that members may read.
const SENSITIVE_NAMES = new Set(['key', 'sig', 'code', 'pwd', 'pass', 'session', 'sid', 'jwt']);
const SENSITIVE_FRAGMENTS = [
  'token',
  'secret',
  'password',
  'passwd',
  'signature',
  'api_key',
  'apikey',
  'credential',
  'auth',
  'private',
  'access_key',
];

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** True when a parameter named `rawName` (as sent, possibly %-encoded) must be redacted. */
export function isSensitiveParam(rawName: string): boolean {
  const name = decodeName(rawName).trim().toLowerCase().replace(/-/g, '_');
  if (SENSITIVE_NAMES.has(name)) return true;
  for (const fragment of SENSITIVE_FRAGMENTS) if (name.includes(fragment)) return true;
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A sanitizer bound to one key prefix, with a fast path: a query holding no `%` and none of
 * the words that could trigger a redaction (nor the prefix) is returned as it is (capped)
 * after one regex test, instead of being split and decoded parameter by parameter; the last
 * few such clean queries are remembered.
 */
export function createQuerySanitizer(
  keyPrefix: string,
): (query: string | null | undefined) => string {
  const suspicious = new RegExp(
    `key|token|secret|pass|pwd|sig|auth|session|sid|jwt|code|credential|private|${escapeRegExp(keyPrefix)}`,
    'i',
  );
  // Clean queries repeat (`page=2`, `limit=20`): remember a few, never one that held anything
  // worth redacting, so the memo cannot keep a secret alive.
  const clean = new Map<string, string>();
  return (query) => {
    if (!query) return '';
    const known = clean.get(query);
    if (known !== undefined) return known;
    if (query.indexOf('%') === -1 && !suspicious.test(query)) {
      const text = query.charCodeAt(0) === 63 ? query.slice(1) : query;
      const result =
        text.length > MAX_LOGGED_QUERY_LENGTH
          ? `${text.slice(0, MAX_LOGGED_QUERY_LENGTH - 1)}…`
          : text;
      if (query.length <= 256) {
        if (clean.size >= 256) clean.clear();
        clean.set(query, result);
      }
      return result;
    }
    return sanitizeQuery(query, keyPrefix);
  };
}

/**
 * Sanitizes a query string (with or without its leading `?`): sensitive values and values
 * starting with the key prefix become `[REDACTED]`, and the result is capped at
 * {@link MAX_LOGGED_QUERY_LENGTH} characters (ending in `…` when cut).
 *
 * @example
 * sanitizeQuery('model=flux&api_key=abc', 'bye_'); // 'model=flux&api_key=[REDACTED]'
 */
export function sanitizeQuery(query: string | null | undefined, keyPrefix: string): string {
  if (!query) return '';
  const text = (query.startsWith('?') ? query.slice(1) : query).slice(0, MAX_QUERY_INPUT);
  const parts: string[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    if (isSensitiveParam(name)) {
      parts.push(eq === -1 ? name : `${name}=${REDACTED}`);
    } else if (value !== '' && decodeName(value).startsWith(keyPrefix)) {
      parts.push(`${name}=${REDACTED}`);
    } else if (eq === -1 && decodeName(name).startsWith(keyPrefix)) {
      // A bare key pasted as the whole query (`?bye_…`).
      parts.push(REDACTED);
    } else {
      parts.push(part);
    }
  }
  const joined = parts.join('&');
  return joined.length > MAX_LOGGED_QUERY_LENGTH
    ? `${joined.slice(0, MAX_LOGGED_QUERY_LENGTH - 1)}…`
    : joined;
}
