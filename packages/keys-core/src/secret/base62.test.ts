import { describe, expect, it } from 'vitest';
import {
  BASE62_ALPHABET,
  base62Digit,
  decodeBase62At,
  encodeUint32Base62,
  isBase62Run,
} from './base62.js';

describe('base62Digit', () => {
  it('gives each alphabet character its position', () => {
    for (let i = 0; i < 62; i++) expect(base62Digit(BASE62_ALPHABET.charCodeAt(i))).toBe(i);
  });

  it.each(['-', '_', ' ', 'é', '\u0000'])('gives -1 for %j', (char) => {
    expect(base62Digit(char.charCodeAt(0))).toBe(-1);
  });
});

describe('isBase62Run', () => {
  it('accepts a run of alphabet characters', () => {
    expect(isBase62Run('bye_a1B2c3', 4, 10)).toBe(true);
  });

  it('looks only inside the range', () => {
    expect(isBase62Run('bye_a1B2c3', 0, 10)).toBe(false);
  });

  it.each(['a1-2', 'a1 2', 'a1é2', 'a1\u00002'])('refuses %j', (text) => {
    expect(isBase62Run(text, 0, text.length)).toBe(false);
  });
});

describe('encodeUint32Base62', () => {
  it.each([
    [0, '000000'],
    [1, '000001'],
    [61, '00000z'],
    [62, '000010'],
    [0xcbf43926, '3jZRME'],
    [0xffffffff, '4gfFC3'],
  ])('encodes %i as %s', (value, encoded) => {
    expect(encodeUint32Base62(value)).toBe(encoded);
  });

  it('round-trips through decodeBase62At', () => {
    for (const value of [0, 7, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff]) {
      expect(decodeBase62At(`xx${encodeUint32Base62(value)}`, 2)).toBe(value);
    }
  });

  it('reports a character outside the alphabet as -1 when decoding', () => {
    expect(decodeBase62At('00-000', 0)).toBe(-1);
  });
});
