/**
 * The key format: `prefix` + 32 random base62 characters + 6 base62 characters of CRC-32 over
 * everything before them (42 characters with the default `bye_`). Parsing is structural and
 * cheap so that a mistyped or forged token is refused before any storage lookup.
 */
import { KeysError } from '../errors/keys-error.js';
import { CHECKSUM_LENGTH, decodeBase62At, encodeUint32Base62, isBase62Run } from './base62.js';
import { crc32, crc32Update } from './crc32.js';
import { randomBase62 } from './random.js';

/** BabySea's key prefix. Products pass their own (`sk_live_`, …) to `createKeys`. */
export const DEFAULT_PREFIX = 'bye_';

/** Random characters per key: 32 × log2(62) ≈ 190 bits. */
export const KEY_RANDOM_LENGTH = 32;

/** Characters after the prefix: 32 random + 6 checksum. */
export const KEY_BODY_LENGTH = KEY_RANDOM_LENGTH + CHECKSUM_LENGTH;

/** Characters of the body kept in the display prefix (`bye_` + 5 = `bye_a1B2c`). */
export const DISPLAY_BODY_LENGTH = 5;

/** Why `parseKey` refused a token, checked in this order. */
export type ParseKeyFailure = 'prefix' | 'length' | 'alphabet' | 'checksum';

/** Outcome of {@link parseKey}; the reason is for logs, never for the caller of an API. */
export type ParseKeyResult = { ok: true } | { ok: false; reason: ParseKeyFailure };

const PREFIX_PATTERN = /^[A-Za-z0-9_]{1,16}$/;

// Shared frozen answers: parsing allocates nothing, even on refusal.
const OK: ParseKeyResult = Object.freeze({ ok: true });
const FAIL: Record<ParseKeyFailure, ParseKeyResult> = {
  prefix: Object.freeze({ ok: false, reason: 'prefix' }),
  length: Object.freeze({ ok: false, reason: 'length' }),
  alphabet: Object.freeze({ ok: false, reason: 'alphabet' }),
  checksum: Object.freeze({ ok: false, reason: 'checksum' }),
};

/**
 * True when `prefix` is usable as a key prefix: 1–16 characters of `[A-Za-z0-9_]`.
 *
 * @example
 * isValidPrefix('sk_live_'); // true
 * isValidPrefix('sk-live'); // false
 */
export function isValidPrefix(prefix: unknown): prefix is string {
  return typeof prefix === 'string' && PREFIX_PATTERN.test(prefix);
}

/**
 * Throws unless `prefix` is a valid key prefix. `createKeys` calls it once at configuration time.
 *
 * @throws {KeysError} `INVALID_CONFIGURATION` naming the prefix
 */
export function assertValidPrefix(prefix: unknown): asserts prefix is string {
  if (!isValidPrefix(prefix)) {
    throw new KeysError(
      'INVALID_CONFIGURATION',
      `prefix: expected 1 to 16 characters of [A-Za-z0-9_], got ${JSON.stringify(prefix)}`,
    );
  }
}

/**
 * The 6-character base62 checksum of `text`: CRC-32 of its UTF-8 bytes, most significant digit
 * first, left-padded with `'0'`.
 *
 * @example
 * keyChecksum('123456789'); // '3jZRME' (CRC-32 0xcbf43926)
 */
export function keyChecksum(text: string): string {
  return encodeUint32Base62(crc32(text));
}

/**
 * A new secret key. Show it once; store only {@link hashKey} of it.
 *
 * @param prefix key prefix, validated (1–16 of `[A-Za-z0-9_]`) @default 'bye_'
 * @throws {KeysError} `INVALID_CONFIGURATION` for a bad prefix, `INTERNAL` without WebCrypto
 * @example
 * generateKey(); // 'bye_' + 38 characters of [A-Za-z0-9]
 * generateKey('sk_live_');
 */
export function generateKey(prefix: string = DEFAULT_PREFIX): string {
  if (prefix !== DEFAULT_PREFIX) assertValidPrefix(prefix);
  const head = prefix + randomBase62(KEY_RANDOM_LENGTH);
  return head + keyChecksum(head);
}

/**
 * Checks a token's form: prefix, exact length, alphabet, checksum, in that order. It does not
 * say whether the key exists; a token that passes is then looked up by its hash. The prefix is
 * trusted here (validated once at configuration time).
 *
 * @param prefix the expected prefix @default 'bye_'
 * @example
 * parseKey(generateKey()); // { ok: true }
 * parseKey('bye_short'); // { ok: false, reason: 'length' }
 */
export function parseKey(token: string, prefix: string = DEFAULT_PREFIX): ParseKeyResult {
  if (typeof token !== 'string' || !token.startsWith(prefix)) return FAIL.prefix;
  const checksumAt = prefix.length + KEY_RANDOM_LENGTH;
  if (token.length !== checksumAt + CHECKSUM_LENGTH) return FAIL.length;
  if (!isBase62Run(token, prefix.length, checksumAt)) return FAIL.alphabet;
  const expected = decodeBase62At(token, checksumAt);
  if (expected < 0) return FAIL.alphabet;
  const actual = ~crc32Update(0xffffffff, token, 0, checksumAt) >>> 0;
  return actual === expected ? OK : FAIL.checksum;
}

/**
 * The part of a key that may be stored and shown: the prefix and the first 5 characters of
 * the body (`bye_a1B2c`).
 *
 * @param prefix the key's prefix @default 'bye_'
 * @example
 * displayPrefix('bye_a1B2c3D4…'); // 'bye_a1B2c'
 */
export function displayPrefix(key: string, prefix: string = DEFAULT_PREFIX): string {
  return key.slice(0, prefix.length + DISPLAY_BODY_LENGTH);
}

/**
 * A key made safe for logs and UI: its display prefix followed by `...`.
 *
 * @param prefix the key's prefix @default 'bye_'
 * @example
 * redactKey('bye_a1B2c3D4…'); // 'bye_a1B2c...'
 */
export function redactKey(key: string, prefix: string = DEFAULT_PREFIX): string {
  return `${displayPrefix(key, prefix)}...`;
}
