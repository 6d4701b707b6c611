import { afterEach, describe, expect, it, vi } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { BASE62_ALPHABET } from './base62.js';
import { generateKey } from './key.js';
import { createBase62Random, randomBase62, randomId } from './random.js';

// Upper-tail critical value of chi-square with 61 degrees of freedom at p = 1e-6
// (Wilson–Hilferty): a correct generator exceeds it about once in a million runs.
const CHI2_61_P1E6 = 129;

function chiSquare(counts: number[], total: number): number {
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

function symbolCounts(texts: string[], from: number, to: number): number[] {
  const counts = new Array<number>(62).fill(0);
  for (const text of texts) {
    for (let i = from; i < to; i++) counts[BASE62_ALPHABET.indexOf(text[i]!)]! += 1;
  }
  return counts;
}

describe('createBase62Random', () => {
  it('maps 6-bit values to the alphabet and skips 62 and 63', () => {
    const bytes = [0, 62, 63, 61, 126, 127, 64 + 10, 255, 35];
    const random = createBase62Random((pool) => pool.set(bytes), bytes.length);
    expect(random(4)).toBe('0zAZ');
  });

  it('refills its pool when it runs dry', () => {
    let calls = 0;
    const random = createBase62Random((pool) => {
      calls += 1;
      pool.fill(1);
    }, 8);
    expect(random(20)).toBe('1'.repeat(20));
    expect(calls).toBe(3);
  });
});

describe('randomBase62', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('throws instead of falling back when WebCrypto is missing', () => {
    vi.stubGlobal('crypto', undefined);
    let caught: unknown;
    try {
      randomBase62(8);
    } catch (error) {
      caught = error;
    }
    expect(isKeysError(caught) && caught.code).toBe('INTERNAL');
  });

  it('never calls Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    for (let i = 0; i < 200; i++) generateKey();
    expect(spy).not.toHaveBeenCalled();
  });

  it('spreads the 32 random characters of 20,000 keys evenly over the alphabet', () => {
    const keys = Array.from({ length: 20_000 }, () => generateKey());
    const counts = symbolCounts(keys, 4, 36);
    expect(chiSquare(counts, 20_000 * 32)).toBeLessThan(CHI2_61_P1E6);
  });

  it('has a chi-square check that does flag the byte % 62 bias', () => {
    // The same statistic on the naive mapping: proof that the check above has teeth.
    const bytes = new Uint8Array(20_000 * 32);
    for (let i = 0; i < bytes.length; i += 65_536) {
      crypto.getRandomValues(bytes.subarray(i, i + 65_536));
    }
    const counts = new Array<number>(62).fill(0);
    for (const byte of bytes) counts[byte % 62]! += 1;
    expect(chiSquare(counts, bytes.length)).toBeGreaterThan(CHI2_61_P1E6);
  });
});

describe('randomId', () => {
  it.each(['key', 'evt', 'log', 'req'] as const)('formats a %s id', (kind) => {
    expect(randomId(kind)).toMatch(new RegExp(`^${kind}_[A-Za-z0-9]{24}$`));
  });

  it('gives distinct ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId('req')));
    expect(ids.size).toBe(1000);
  });
});
