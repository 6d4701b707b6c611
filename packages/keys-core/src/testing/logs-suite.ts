import { describe, expect, it } from 'vitest';
import type { StoredKey } from '../types.js';
import type { SuiteContext } from './context.js';
import { HOUR, makeAuditEvent, makeStoredKey, makeUsageLog, T0 } from './fixtures.js';

/** Usage logs (append, list, paging, purge) and the audit feed (order, paging, isolation). */
export function describeLogsAndAudit(ctx: SuiteContext): void {
  async function inserted(accountId = ctx.account()): Promise<StoredKey> {
    const key = makeStoredKey(accountId);
    await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return key;
  }

  describe('usage logs', () => {
    it('round-trips every field', async () => {
      const key = await inserted();
      const log = makeUsageLog(key, {
        method: 'GET',
        endpoint: '/v1/content/gen_1',
        query: 'limit=10&token=%5Bredacted%5D',
        status: 403,
        errorCode: 'BSE1003',
        userAgent: null,
      });
      await ctx.storage.appendUsageLogs([log]);
      expect(await ctx.storage.listUsageLogs(key.accountId, key.id)).toEqual([log]);
    });

    it('lists newest first by time, then by id', async () => {
      const key = await inserted();
      const old = makeUsageLog(key, { at: T0 - 1 });
      const tieLow = makeUsageLog(key, { id: 'log_aaaaaaaaaaaaaaaaaaaaaaaa', at: T0 });
      const tieHigh = makeUsageLog(key, { id: 'log_bbbbbbbbbbbbbbbbbbbbbbbb', at: T0 });
      const newest = makeUsageLog(key, { at: T0 + 1 });
      await ctx.storage.appendUsageLogs([tieLow, newest, old, tieHigh]);
      expect(await ctx.storage.listUsageLogs(key.accountId, key.id)).toEqual([
        newest,
        tieHigh,
        tieLow,
        old,
      ]);
    });

    it('returns at most 100 rows by default', async () => {
      const key = await inserted();
      await ctx.storage.appendUsageLogs(
        Array.from({ length: 101 }, (_, i) => makeUsageLog(key, { at: T0 + i })),
      );
      const page = await ctx.storage.listUsageLogs(key.accountId, key.id);
      expect(page).toHaveLength(100);
      expect(page[0]?.at).toBe(T0 + 100);
    });

    it('pages with limit and before (strictly older)', async () => {
      const key = await inserted();
      const logs = Array.from({ length: 5 }, (_, i) => makeUsageLog(key, { at: T0 + i }));
      await ctx.storage.appendUsageLogs(logs);
      const page = await ctx.storage.listUsageLogs(key.accountId, key.id, {
        limit: 2,
        before: T0 + 3,
      });
      expect(page).toEqual([logs[2], logs[1]]);
    });

    it('lists nothing through another account', async () => {
      const key = await inserted();
      await ctx.storage.appendUsageLogs([makeUsageLog(key)]);
      expect(await ctx.storage.listUsageLogs(ctx.account(), key.id)).toEqual([]);
    });

    it('drops logs of unknown keys without failing the batch', async () => {
      const key = await inserted();
      const stranger = makeStoredKey(key.accountId);
      const kept = makeUsageLog(key);
      await ctx.storage.appendUsageLogs([makeUsageLog(stranger), kept]);
      expect(await ctx.storage.listUsageLogs(key.accountId, key.id)).toEqual([kept]);
      expect(await ctx.storage.listUsageLogs(key.accountId, stranger.id)).toEqual([]);
    });

    it('purges logs strictly older than the cutoff and counts them', async () => {
      const key = await inserted();
      const logs = [T0 - 2, T0 - 1, T0, T0 + 1].map((at) => makeUsageLog(key, { at }));
      await ctx.storage.appendUsageLogs(logs);
      expect(await ctx.storage.purgeUsageLogs(T0)).toBe(2);
      expect(await ctx.storage.listUsageLogs(key.accountId, key.id)).toEqual([logs[3], logs[2]]);
      expect(await ctx.storage.purgeUsageLogs(T0)).toBe(0);
    });

    it('purges across keys and accounts', async () => {
      const a = await inserted();
      const b = await inserted();
      await ctx.storage.appendUsageLogs([
        makeUsageLog(a, { at: T0 - 1 }),
        makeUsageLog(b, { at: T0 - 1 }),
      ]);
      expect(await ctx.storage.purgeUsageLogs(T0)).toBe(2);
    });

    it('returns copies that cannot change storage', async () => {
      const key = await inserted();
      const log = makeUsageLog(key);
      await ctx.storage.appendUsageLogs([log]);
      const [listed] = await ctx.storage.listUsageLogs(key.accountId, key.id);
      listed!.status = 500;
      log.endpoint = '/mutated';
      expect(await ctx.storage.listUsageLogs(key.accountId, key.id)).toEqual([
        { ...log, endpoint: '/v1/generate/image/bfl/flux-schnell' },
      ]);
    });
  });

  describe('audit events', () => {
    async function keyWithEvents(count: number): Promise<StoredKey> {
      const key = await inserted();
      for (let i = 1; i < count; i++) {
        // Each successful compare-and-set (even an empty patch) records one event.
        await ctx.storage.updateKey(
          key.accountId,
          key.id,
          i,
          {},
          makeAuditEvent('api_key.revoked', key, { at: T0 + i * HOUR }),
        );
      }
      return key;
    }

    it('lists newest first by time, then by id', async () => {
      const key = makeStoredKey(ctx.account());
      const created = makeAuditEvent('api_key.created', key, { at: T0 });
      await ctx.storage.insertKey(key, created);
      const tieLow = makeAuditEvent('api_key.revoked', key, { id: 'evt_aaaaaaaaaaaaaaaaaaaaaaaa' });
      const tieHigh = makeAuditEvent('api_key.deleted', key, {
        id: 'evt_bbbbbbbbbbbbbbbbbbbbbbbb',
      });
      await ctx.storage.updateKey(key.accountId, key.id, 1, {}, { ...tieLow, at: T0 + 1 });
      await ctx.storage.updateKey(key.accountId, key.id, 2, {}, { ...tieHigh, at: T0 + 1 });
      const events = await ctx.storage.listAuditEvents(key.accountId);
      expect(events.map((event) => event.id)).toEqual([tieHigh.id, tieLow.id, created.id]);
    });

    it('pages with limit and before (strictly older)', async () => {
      const key = await keyWithEvents(5);
      const page = await ctx.storage.listAuditEvents(key.accountId, {
        limit: 2,
        before: T0 + 3 * HOUR,
      });
      expect(page.map((event) => event.at)).toEqual([T0 + 2 * HOUR, T0 + HOUR]);
    });

    it('returns at most 100 events by default', async () => {
      const accountId = ctx.account();
      for (let i = 0; i < 101; i++) await inserted(accountId);
      expect(await ctx.storage.listAuditEvents(accountId)).toHaveLength(100);
    });

    it('lists only the account asked for', async () => {
      const mine = await inserted();
      await inserted();
      const events = await ctx.storage.listAuditEvents(mine.accountId);
      expect(events.map((event) => event.keyId)).toEqual([mine.id]);
    });

    it('round-trips the data object', async () => {
      const key = makeStoredKey(ctx.account());
      const event = makeAuditEvent('api_key.rotated', key, {
        data: { replacementId: 'key_x', graceHours: 24, graceEndsAt: null },
      });
      await ctx.storage.insertKey(key, event);
      expect(await ctx.storage.listAuditEvents(key.accountId)).toEqual([event]);
    });

    it('returns copies that cannot change storage', async () => {
      const key = makeStoredKey(ctx.account());
      const event = makeAuditEvent('api_key.created', key, { data: { preset: 'full-access' } });
      await ctx.storage.insertKey(key, event);
      const [listed] = await ctx.storage.listAuditEvents(key.accountId);
      listed!.data.preset = 'mutated';
      listed!.keyName = 'mutated';
      event.data.preset = 'mutated too';
      expect(await ctx.storage.listAuditEvents(key.accountId)).toEqual([
        { ...event, data: { preset: 'full-access' } },
      ]);
    });
  });
}
