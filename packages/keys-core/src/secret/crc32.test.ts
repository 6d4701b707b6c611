import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Update } from './crc32.js';

describe('crc32', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('gives 0 for the empty string', () => {
    expect(crc32('')).toBe(0);
  });

  it.each([
    'bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9',
    'héllo',
    '👩‍👩‍👧‍👦 family',
    '日本語のキー',
    'lone \ud800 surrogate',
  ])('matches zlib over the UTF-8 bytes of %j', (text) => {
    expect(crc32(text)).toBe(zlibCrc32(text));
  });

  it('can be continued over a slice without copying it', () => {
    const text = 'prefix_and_body';
    const state = crc32Update(crc32Update(0xffffffff, text, 0, 7), text, 7);
    expect(~state >>> 0).toBe(crc32(text));
  });
});
