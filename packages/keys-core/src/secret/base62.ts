/**
 * Base62 (`0-9A-Za-z`, ASCII order) helpers shared by key generation, parsing and the checksum.
 * Lookup tables instead of `indexOf` keep the parse path free of allocations.
 */

/** The 62 symbols of the key body, in ASCII order. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Number of base62 characters that encode a 32-bit value: 62^6 ≈ 5.7e10 > 2^32. */
export const CHECKSUM_LENGTH = 6;

const INVALID = 255;

/** Char code (0–127) → base62 digit value, or 255 for a character outside the alphabet. */
const DIGIT_VALUES: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(INVALID);
  for (let i = 0; i < BASE62_ALPHABET.length; i++) table[BASE62_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/**
 * The digit value of one character code, or -1 if it is not a base62 character.
 *
 * @example
 * base62Digit('Z'.charCodeAt(0)); // 35
 */
export function base62Digit(code: number): number {
  if (code > 127) return -1;
  const value = DIGIT_VALUES[code] ?? INVALID;
  return value === INVALID ? -1 : value;
}

/**
 * Encodes an unsigned 32-bit integer as exactly 6 base62 characters, most significant first,
 * left-padded with `'0'`.
 *
 * @example
 * encodeUint32Base62(0xcbf43926); // '3jZRME'
 */
export function encodeUint32Base62(value: number): string {
  let rest = value >>> 0;
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/**
 * Decodes 6 base62 characters of `text` starting at `offset` into a number, or -1 if any of
 * them is outside the alphabet. No substring is allocated.
 */
export function decodeBase62At(text: string, offset: number, length = CHECKSUM_LENGTH): number {
  let value = 0;
  for (let i = offset; i < offset + length; i++) {
    const digit = base62Digit(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 62 + digit;
  }
  return value;
}
