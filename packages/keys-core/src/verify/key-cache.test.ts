import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../secret/hash.js';
import { cachedKey, KeyCache, slotOf } from './key-cache.js';
import { makeRecord, T0 } from './test-support.js';

/** Two digests that share their first 7 hex digits (so one slot) and differ after. */
const A = `0123456${'1'.repeat(57)}`;
const B = `0123456${'2'.repeat(57)}`;

function cache(options: Partial<ConstructorParameters<typeof KeyCache>[0]> = {}) {
  return new KeyCache({
    maxEntries: 10,
    ttlMs: 30_000,
    maxUnknown: 10,
    unknownTtlMs: 60_000,
    ...options,
  });
}

const entryFor = (hash: string) => cachedKey(makeRecord({ hash }), T0 + 30_000);

describe('slotOf', () => {
  it('is the first 7 hex digits of the digest as a small integer, whatever their case', () => {
    const hash = sha256Hex('bye_anything');
    expect(slotOf(hash)).toBe(Number.parseInt(hash.slice(0, 7), 16));
    expect(slotOf(hash.toUpperCase())).toBe(slotOf(hash));
    expect(slotOf(A)).toBe(slotOf(B));
  });
});

describe('KeyCache', () => {
  it('answers a hit only for the very digest it holds, never for a slot neighbour', () => {
    const keys = cache();
    const a = entryFor(A);
    keys.setKnown(a);
    expect(keys.get(A, T0)).toBe(a);
    expect(keys.get(B, T0)).toBeUndefined();
    keys.setUnknown(B, T0);
    expect(keys.get(B, T0)).toBeNull();
    expect(keys.get(A, T0)).toBe(a); // known and unknown are apart
  });

  it('keeps slot neighbours side by side, each answering only for its own digest', () => {
    const keys = cache();
    const a = entryFor(A);
    keys.setKnown(a);
    const b = entryFor(B);
    keys.setKnown(b);
    expect(keys.get(A, T0)).toBe(a);
    expect(keys.get(B, T0)).toBe(b);
    expect(keys.size).toEqual({ known: 2, unknown: 0 });
    keys.delete(B);
    expect(keys.get(A, T0)).toBe(a);
    expect(keys.get(B, T0)).toBeUndefined();
    expect(keys.size).toEqual({ known: 1, unknown: 0 });
  });

  it('drops the slot on delete and moves the generation on', () => {
    const keys = cache();
    keys.setKnown(entryFor(A));
    keys.setUnknown(sha256Hex('x'), T0);
    const generation = keys.generation;
    keys.delete(A.toUpperCase());
    keys.delete(sha256Hex('x'));
    expect(keys.get(A, T0)).toBeUndefined();
    expect(keys.size).toEqual({ known: 0, unknown: 0 });
    expect(keys.generation).toBe(generation + 2);
  });

  it('forgets entries past their time', () => {
    const keys = cache();
    const hash = sha256Hex('k');
    keys.setKnown(entryFor(hash));
    expect(keys.get(hash, T0 + 29_999)).toBeDefined();
    expect(keys.get(hash, T0 + 30_000)).toBeUndefined();
    keys.setUnknown(hash, T0);
    expect(keys.get(hash, T0 + 59_999)).toBeNull();
    expect(keys.get(hash, T0 + 60_000)).toBeUndefined();
  });

  it('holds at most maxEntries known and maxUnknown unknown digests', () => {
    const keys = cache({ maxEntries: 3, maxUnknown: 4 });
    for (let i = 0; i < 50; i++) {
      const hash = sha256Hex(`key ${i}`);
      keys.setKnown(entryFor(hash));
      keys.setUnknown(sha256Hex(`unknown ${i}`), T0);
    }
    expect(keys.size).toEqual({ known: 3, unknown: 4 });
    expect(keys.get(sha256Hex('key 49'), T0)).toBeDefined(); // the newest stay
    expect(keys.get(sha256Hex('key 0'), T0)).toBeUndefined(); // the oldest went first
  });
});
