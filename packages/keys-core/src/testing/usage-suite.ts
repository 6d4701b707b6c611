import { describe, expect, it } from 'vitest';
import type { StoredKey, UsageCounter, UsageTotal } from '../types.js';
import type { SuiteContext } from './context.js';
import { makeAuditEvent, makeStoredKey, makeUsageLog, T0 } from './fixtures.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A counter of `key` at T0's minute; `overrides` win. */
export function makeUsageCounter(
  key: StoredKey,
  overrides: Partial<UsageCounter> = {},
): UsageCounter {
  return {
    keyId: key.id,
    accountId: key.accountId,
    minute: T0,
    outcome: 'success',
    code: '',
    count: 1,
    notItemised: 0,
    ...overrides,
  };
}

/** Totals in one stable order, so that adapters may return them in any order. */
function sorted(totals: UsageTotal[]): UsageTotal[] {
  return [...totals].sort((a, b) => a.day - b.day || (a.outcome < b.outcome ? -1 : 1));
}

/** Usage counters: increments, per-day sums in the store, isolation, delete and purge. */
export function describeUsageCounters(ctx: SuiteContext): void {
  async function inserted(accountId = ctx.account()): Promise<StoredKey> {
    const key = makeStoredKey(accountId);
    await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return key;
  }

  const wholeRange = { from: 0, to: Number.MAX_SAFE_INTEGER };

  describe('usage counters', () => {
    it('adds counts to the same (key, minute, outcome, code) instead of replacing them', async () => {
      const key = await inserted();
      await ctx.storage.addUsageCounts([makeUsageCounter(key, { count: 3, notItemised: 1 })]);
      await ctx.storage.addUsageCounts([makeUsageCounter(key, { count: 4, notItemised: 2 })]);
      expect(await ctx.storage.readUsage(key.accountId, wholeRange)).toEqual([
        { day: T0, outcome: 'success', count: 7, notItemised: 3 },
      ]);
    });

    it('adds repeated counters within one batch', async () => {
      const key = await inserted();
      await ctx.storage.addUsageCounts([
        makeUsageCounter(key, { count: 2 }),
        makeUsageCounter(key, { count: 5 }),
      ]);
      expect(await ctx.storage.readUsage(key.accountId, wholeRange)).toEqual([
        { day: T0, outcome: 'success', count: 7, notItemised: 0 },
      ]);
    });

    it('sums minutes and codes per UTC day and outcome', async () => {
      const key = await inserted();
      await ctx.storage.addUsageCounts([
        makeUsageCounter(key, { minute: T0, count: 1 }),
        makeUsageCounter(key, { minute: T0 + 5 * MINUTE, count: 2 }),
        makeUsageCounter(key, { minute: T0 + DAY - MINUTE, count: 4 }),
        makeUsageCounter(key, { minute: T0 + DAY, count: 8 }),
        makeUsageCounter(key, { outcome: 'scope', code: 'BSE1003', count: 16 }),
        makeUsageCounter(key, { outcome: 'other', code: 'BSE9404', count: 32 }),
        makeUsageCounter(key, { outcome: 'other', code: 'BSE9999', count: 64, notItemised: 64 }),
      ]);
      expect(sorted(await ctx.storage.readUsage(key.accountId, wholeRange))).toEqual([
        { day: T0, outcome: 'other', count: 96, notItemised: 64 },
        { day: T0, outcome: 'scope', count: 16, notItemised: 0 },
        { day: T0, outcome: 'success', count: 7, notItemised: 0 },
        { day: T0 + DAY, outcome: 'success', count: 8, notItemised: 0 },
      ]);
    });

    it('reads only minutes in [from, to)', async () => {
      const key = await inserted();
      await ctx.storage.addUsageCounts([
        makeUsageCounter(key, { minute: T0 - MINUTE, count: 1 }),
        makeUsageCounter(key, { minute: T0, count: 2 }),
        makeUsageCounter(key, { minute: T0 + MINUTE, count: 4 }),
      ]);
      expect(await ctx.storage.readUsage(key.accountId, { from: T0, to: T0 + MINUTE })).toEqual([
        { day: T0, outcome: 'success', count: 2, notItemised: 0 },
      ]);
    });

    it('reads one key, or the whole account, and never another account', async () => {
      const a = await inserted();
      const b = await inserted(a.accountId);
      const stranger = await inserted();
      await ctx.storage.addUsageCounts([
        makeUsageCounter(a, { count: 1 }),
        makeUsageCounter(b, { count: 2 }),
        makeUsageCounter(stranger, { count: 4 }),
      ]);
      const one = await ctx.storage.readUsage(a.accountId, { ...wholeRange, keyId: a.id });
      expect(one).toEqual([{ day: T0, outcome: 'success', count: 1, notItemised: 0 }]);
      const all = await ctx.storage.readUsage(a.accountId, wholeRange);
      expect(all).toEqual([{ day: T0, outcome: 'success', count: 3, notItemised: 0 }]);
      const across = await ctx.storage.readUsage(a.accountId, {
        ...wholeRange,
        keyId: stranger.id,
      });
      expect(across).toEqual([]);
    });

    it('drops counters of unknown keys and of the wrong account without failing the batch', async () => {
      const key = await inserted();
      const unknown = makeStoredKey(key.accountId);
      await ctx.storage.addUsageCounts([
        makeUsageCounter(unknown, { count: 100 }),
        makeUsageCounter(key, { accountId: ctx.account(), count: 100 }),
        makeUsageCounter(key, { count: 1 }),
      ]);
      expect(await ctx.storage.readUsage(key.accountId, wholeRange)).toEqual([
        { day: T0, outcome: 'success', count: 1, notItemised: 0 },
      ]);
    });

    it('accepts an empty batch', async () => {
      await ctx.storage.addUsageCounts([]);
      expect(await ctx.storage.readUsage(ctx.account(), wholeRange)).toEqual([]);
    });

    it("deletes a key's counters with the key, and no one else's", async () => {
      const key = await inserted();
      const sibling = await inserted(key.accountId);
      await ctx.storage.addUsageCounts([
        makeUsageCounter(key, { count: 1 }),
        makeUsageCounter(sibling, { count: 2 }),
      ]);
      await ctx.storage.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
      expect(await ctx.storage.readUsage(key.accountId, wholeRange)).toEqual([
        { day: T0, outcome: 'success', count: 2, notItemised: 0 },
      ]);
    });

    it('purges counters of minutes before the cutoff, with the logs', async () => {
      const key = await inserted();
      await ctx.storage.addUsageCounts([
        makeUsageCounter(key, { minute: T0 - MINUTE, count: 1 }),
        makeUsageCounter(key, { minute: T0, count: 2 }),
      ]);
      await ctx.storage.appendUsageLogs([makeUsageLog(key, { at: T0 - 1 })]);
      expect(await ctx.storage.purgeUsageLogs(T0)).toBe(1);
      expect(await ctx.storage.readUsage(key.accountId, wholeRange)).toEqual([
        { day: T0, outcome: 'success', count: 2, notItemised: 0 },
      ]);
    });

    it('keeps large counts exact', async () => {
      const key = await inserted();
      const big = 2 ** 40;
      await ctx.storage.addUsageCounts([makeUsageCounter(key, { count: big, notItemised: big })]);
      await ctx.storage.addUsageCounts([makeUsageCounter(key, { count: 1 })]);
      expect(await ctx.storage.readUsage(key.accountId, wholeRange)).toEqual([
        { day: T0, outcome: 'success', count: big + 1, notItemised: big },
      ]);
    });
  });
}
