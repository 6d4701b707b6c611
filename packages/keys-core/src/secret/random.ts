/**
 * Unbiased random base62 text from a CSPRNG. Random bytes are drawn in bulk into a pool (one
 * `getRandomValues` call serves ~100 keys) and turned into symbols by rejection sampling.
 */
import { KeysError } from '../errors/keys-error.js';
import { BASE62_ALPHABET } from './base62.js';

/** Fills the array with cryptographically secure random bytes (`crypto.getRandomValues`). */
export type FillRandom = (bytes: Uint8Array) => void;

/** Returns `length` random base62 characters. */
export type RandomBase62 = (length: number) => string;

/** Kinds of public identifiers minted by the engine. */
export type IdKind = 'key' | 'evt' | 'log' | 'req';

/** Random base62 characters after `${kind}_` in an id (~143 bits). */
export const ID_RANDOM_LENGTH = 24;

const POOL_SIZE = 4096;

/**
 * Builds a base62 generator over `fill`. Each byte is masked to 6 bits (0–63) and values 62 and
 * 63 are rejected, so every symbol has probability exactly 1/62; `byte % 62` would favour the
 * first 8 symbols (256 = 4·62 + 8), the bias nanoid's and oslo's cutoffs avoid.
 *
 * @param fill source of random bytes; called whenever the pool runs dry
 * @param poolSize bytes drawn per `fill` call @default 4096
 * @example
 * const random = createBase62Random((b) => crypto.getRandomValues(b));
 * random(32); // 'Qm3x…' (32 characters)
 */
export function createBase62Random(fill: FillRandom, poolSize = POOL_SIZE): RandomBase62 {
  const pool = new Uint8Array(poolSize);
  let offset = poolSize;
  return (length) => {
    let out = '';
    while (out.length < length) {
      if (offset >= poolSize) {
        fill(pool);
        offset = 0;
      }
      const value = pool[offset++]! & 63;
      if (value < 62) out += BASE62_ALPHABET[value];
    }
    return out;
  };
}

function webCrypto(): Crypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof crypto?.getRandomValues !== 'function') {
    // Never fall back to Math.random for secrets (cuid2's silent fallback is the anti-pattern).
    throw new KeysError(
      'INTERNAL',
      'WebCrypto is unavailable: globalThis.crypto.getRandomValues is required to generate keys',
    );
  }
  return crypto;
}

const defaultRandom = createBase62Random((bytes) => {
  webCrypto().getRandomValues(bytes);
});

/**
 * `length` unbiased random base62 characters from `crypto.getRandomValues`.
 *
 * @throws {KeysError} `INTERNAL` when WebCrypto is missing (checked on every call, so a pool
 * filled earlier never masks its absence).
 * @example
 * randomBase62(32); // 'h4Xq…'
 */
export function randomBase62(length: number): string {
  webCrypto();
  return defaultRandom(length);
}

/**
 * A public identifier: `${kind}_` + 24 random base62 characters, e.g. `key_3fQ9…`. Ids are
 * safe to log and show; they grant nothing.
 *
 * @example
 * randomId('evt'); // 'evt_Zk2m8RrV0aQe5TqYw1nC7bLx'
 */
export function randomId(kind: IdKind): string {
  return `${kind}_${randomBase62(ID_RANDOM_LENGTH)}`;
}
