import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LimitBucket } from './limit-store.js';
import { createMemoryLimitStore } from './memory-limit-store.js';

const bucket = (limit: number, windowMs = 60_000, name = 'acct:a'): LimitBucket => ({
  name,
  rule: { limit, windowMs },
});

describe('createMemoryLimitStore › take', () => {
  it('admits exactly `limit` requests in one window, then refuses', () => {
    const store = createMemoryLimitStore();
    const b = bucket(3);
    const admitted = [0, 1, 2, 3].map((i) => store.take([b], 1000 + i).admitted);
    expect(admitted).toEqual([true, true, true, false]);
  });

  it('reports remaining and the time the oldest admission leaves the window', () => {
    const store = createMemoryLimitStore();
    const b = bucket(2, 10_000);
    store.take([b], 1000);
    expect(store.take([b], 4000).states[0]).toEqual({ limit: 2, remaining: 0, resetAt: 11_000 });
  });

  it('admits again once the oldest admission is a full window old', () => {
    const store = createMemoryLimitStore();
    const b = bucket(1, 10_000);
    store.take([b], 1000);
    expect(store.take([b], 10_999).admitted).toBe(false);
    expect(store.take([b], 11_000).admitted).toBe(true);
  });

  it('counts in every bucket or none: a full key bucket leaves the account bucket untouched', () => {
    const store = createMemoryLimitStore();
    const key = bucket(1, 60_000, 'key:k');
    const account = bucket(5, 60_000, 'acct:a');
    store.take([key, account], 1000);
    expect(store.take([key, account], 1001).admitted).toBe(false);
    expect(store.peek(account, 1002).remaining).toBe(4);
  });

  it('never admits more than `limit` in any window of `windowMs`, whatever the arrivals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1000, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 200 }),
        (limit, windowMs, gaps) => {
          const store = createMemoryLimitStore();
          const b = bucket(limit, windowMs);
          let now = 0;
          const admittedAt: number[] = [];
          for (const gap of gaps) {
            now += gap;
            if (store.take([b], now).admitted) admittedAt.push(now);
          }
          // Every window (t - windowMs, t] ending at an admission holds at most `limit`.
          for (const t of admittedAt) {
            const inWindow = admittedAt.filter((a) => a > t - windowMs && a <= t).length;
            if (inWindow > limit) return false;
          }
          return true;
        },
      ),
    );
  });

  it('admits as many as the limit allows when arrivals are spread (no needless refusal)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), (limit) => {
        const store = createMemoryLimitStore();
        const b = bucket(limit, 1000);
        // One request every windowMs / limit ms: never more than `limit` in a window.
        const spacing = Math.ceil(1000 / limit);
        for (let i = 0; i < limit * 5; i++) {
          if (!store.take([b], i * spacing).admitted) return false;
        }
        return true;
      }),
    );
  });

  it('keeps at most maxBuckets buckets, forgetting the oldest', () => {
    const store = createMemoryLimitStore({ maxBuckets: 2 });
    store.take([bucket(1, 60_000, 'a')], 0);
    store.take([bucket(1, 60_000, 'b')], 0);
    store.take([bucket(1, 60_000, 'c')], 0);
    // `a` was forgotten, so it has room again; `c` is still full.
    expect(store.peek(bucket(1, 60_000, 'a'), 1).remaining).toBe(1);
    expect(store.peek(bucket(1, 60_000, 'c'), 1).remaining).toBe(0);
  });
});

describe('createMemoryLimitStore › record', () => {
  it('counts past the limit by pushing out the oldest event, so a full bucket stays full', () => {
    const store = createMemoryLimitStore();
    const b = bucket(2, 10_000);
    store.record(b, 0);
    store.record(b, 1000);
    const state = store.record(b, 2000);
    expect(state).toEqual({ limit: 2, remaining: 0, resetAt: 11_000 });
  });
});

describe('createMemoryLimitStore › acquire/release', () => {
  it('hands out `max` slots, refuses the next, and frees one on release', () => {
    const store = createMemoryLimitStore();
    const a = store.acquire('conc:a', 2, 60_000, 0) as string;
    store.acquire('conc:a', 2, 60_000, 0);
    expect(store.acquire('conc:a', 2, 60_000, 0)).toBeNull();
    store.release('conc:a', a);
    expect(store.acquire('conc:a', 2, 60_000, 0)).not.toBeNull();
  });

  it('ignores a second release of the same lease', () => {
    const store = createMemoryLimitStore();
    const a = store.acquire('conc:a', 1, 60_000, 0) as string;
    store.release('conc:a', a);
    store.release('conc:a', a);
    store.acquire('conc:a', 1, 60_000, 0);
    expect(store.acquire('conc:a', 1, 60_000, 0)).toBeNull();
  });
});
