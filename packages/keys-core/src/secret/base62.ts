/**
 * Base62 (`0-9A-Za-z`, ASCII order) helpers shared by key generation, parsing and the checksum.
 * Lookup tables instead of `indexOf` keep the parse path free of allocations.
 */

/** The 62 symbols of the key body, in ASCII order. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Number of base62 characters that encode a 32-bit value: 62^6 ≈ 5.7e10 > 2^32. */
export const CHECKSUM_LENGTH = 6;

const INVALID = 255;

// Char code (0–127) → digit value, or 255 outside the alphabet. Module-private for speed (see
// crc32.ts).
const BASE62_DIGITS: Uint8Array = (() => {
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
  const value = BASE62_DIGITS[code] ?? INVALID;
  return value === INVALID ? -1 : value;
}

/**
 * True when every character of `text[start, end)` is in the base62 alphabet.
 *
 * @example
 * isBase62Run('bye_a1B2', 4, 8); // true
 */
export function isBase62Run(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code > 127 || BASE62_DIGITS[code] === INVALID) return false;
  }
  return true;
}

/**
 * Encodes an unsigned 32-bit integer as exactly 6 base62 characters, most significant first,
 * left-padded with `'0'`.
 *
 * @example
 * encodeUint32Base62(0xcbf43926); // '3jZRME'
 */
export function encodeUint32Base62(value: number): string {
  // Six digits in locals and one concatenation: no intermediate strings.
  let rest = value >>> 0;
  const d5 = rest % 62;
  rest = (rest - d5) / 62;
  const d4 = rest % 62;
  rest = (rest - d4) / 62;
  const d3 = rest % 62;
  rest = (rest - d3) / 62;
  const d2 = rest % 62;
  rest = (rest - d2) / 62;
  const d1 = rest % 62;
  const d0 = (rest - d1) / 62;
  const a = BASE62_ALPHABET;
  return a[d0]! + a[d1]! + a[d2]! + a[d3]! + a[d4]! + a[d5]!;
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
