/**
 * Redaction of anything that looks like a key in text that goes back to a caller: a secret
 * pasted into the wrong field (allowlist, preset, scopes) must not come back in the error that
 * refuses it, where it would reach logs, error trackers and screenshots.
 */
import { DEFAULT_PREFIX, DISPLAY_BODY_LENGTH } from './key.js';

/** Base62 characters after a prefix that make a run look like a key (a real one has 38). */
const MIN_SECRET_BODY = 20;

const patterns = new Map<string, RegExp>();

function patternFor(prefix: string): RegExp {
  let pattern = patterns.get(prefix);
  if (pattern === undefined) {
    // Prefixes are [A-Za-z0-9_]{1,16} (assertValidPrefix), so they need no escaping. The second
    // branch catches any other `word_` + long base62 run (`sk_live_…`, another product's key).
    pattern = new RegExp(
      `(${prefix})([A-Za-z0-9]{${MIN_SECRET_BODY},})|([A-Za-z0-9_]*_)([A-Za-z0-9]{${MIN_SECRET_BODY},})`,
      'g',
    );
    patterns.set(prefix, pattern);
  }
  return pattern;
}

/**
 * `text` with every key-like run replaced by its display prefix and `...`: the configured
 * `prefix` followed by a base62 run, or any `[A-Za-z0-9_]+_` followed by 20 or more base62
 * characters.
 *
 * @param prefix the engine's key prefix @default 'bye_'
 * @example
 * redactSecrets('entry 1, "bye_a1B2c3D4e5F6g7H8i9J0k1L2", is not an IP');
 * // 'entry 1, "bye_a1B2c...", is not an IP'
 */
export function redactSecrets(text: string, prefix: string = DEFAULT_PREFIX): string {
  if (text.length < MIN_SECRET_BODY) return text;
  return text.replace(
    patternFor(prefix),
    (_match, own: string | undefined, ownBody: string, head: string, body: string) =>
      own === undefined
        ? `${head}${body.slice(0, DISPLAY_BODY_LENGTH)}...`
        : `${own}${ownBody.slice(0, DISPLAY_BODY_LENGTH)}...`,
  );
}
