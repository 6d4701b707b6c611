import { describe, expect, it } from 'vitest';
import type { KeyCursor, KeyPageQuery } from '../storage/key-query.js';
import { keySortValue } from '../storage/key-query.js';
import type { StoredKey, UsageLog } from '../types.js';
import type { SuiteContext } from './context.js';
import { HOUR, makeAuditEvent, makeStoredKey, makeUsageLog, T0 } from './fixtures.js';

const NOW = T0 + 10 * HOUR;

/**
 * `listKeyPage` (filters, sorts, keyset paging, totals), `listAccountUsageLogs` (the
 * account-wide log feed) and edits through `updateKey` (name, allowlist).
 */
export function describeKeyPagesAndAccountLogs(ctx: SuiteContext): void {
  async function insert(key: StoredKey): Promise<StoredKey> {
    await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return key;
  }

  /** Every page of `query`, following each page's last row as the next cursor. */
  async function allPages(
    accountId: string,
    query: Omit<KeyPageQuery, 'limit' | 'after'>,
    limit: number,
  ) {
    const pages: StoredKey[][] = [];
    const totals: number[] = [];
    let after: KeyCursor | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await ctx.storage.listKeyPage(accountId, {
        ...query,
        limit,
        ...(after === undefined ? {} : { after }),
      });
      totals.push(page.total);
      if (page.keys.length === 0) break;
      pages.push(page.keys);
      const last = page.keys.at(-1)!;
      after = { value: keySortValue(last, query.sort), id: last.id };
      if (page.keys.length < limit) break;
    }
    return { ids: pages.flat().map((key) => key.id), pages, totals };
  }

  describe('key pages (listKeyPage)', () => {
    it('pages newest first with a cursor, every key exactly once, the total on every page', async () => {
      const account = ctx.account();
      const keys: StoredKey[] = [];
      // Three keys share a creation time: the id orders them.
      for (const at of [T0, T0 + 1, T0 + 1, T0 + 1, T0 + 2, T0 + 3, T0 + 4]) {
        keys.push(await insert(makeStoredKey(account, { createdAt: at })));
      }
      await insert(makeStoredKey(ctx.account()));
      const expected = [...keys]
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .map((key) => key.id);
      const { ids, totals } = await allPages(
        account,
        { now: NOW, sort: 'created', order: 'desc' },
        3,
      );
      expect(ids).toEqual(expected);
      expect(new Set(totals)).toEqual(new Set([7]));
    });

    it('pages oldest first when asked (order asc)', async () => {
      const account = ctx.account();
      const a = await insert(makeStoredKey(account, { createdAt: T0 + 2 }));
      const b = await insert(makeStoredKey(account, { createdAt: T0 }));
      const c = await insert(makeStoredKey(account, { createdAt: T0 + 1 }));
      const { ids } = await allPages(account, { now: NOW, sort: 'created', order: 'asc' }, 2);
      expect(ids).toEqual([b.id, c.id, a.id]);
    });

    it('sorts by name in code point order (uppercase before lowercase, accents last)', async () => {
      const account = ctx.account();
      for (const name of ['beta', 'Zulu', 'alpha', 'élan', 'Alpha']) {
        await insert(makeStoredKey(account, { name }));
      }
      const { pages } = await allPages(account, { now: NOW, sort: 'name', order: 'asc' }, 2);
      expect(pages.flat().map((key) => key.name)).toEqual([
        'Alpha',
        'Zulu',
        'alpha',
        'beta',
        'élan',
      ]);
    });

    it('sorts by last use, most recent first, never-used keys last', async () => {
      const account = ctx.account();
      const never = await insert(makeStoredKey(account, { lastUsedAt: null }));
      const old = await insert(makeStoredKey(account, { lastUsedAt: T0 + 1 }));
      const recent = await insert(makeStoredKey(account, { lastUsedAt: T0 + 5 }));
      const { ids } = await allPages(account, { now: NOW, sort: 'lastUsed', order: 'desc' }, 1);
      expect(ids).toEqual([recent.id, old.id, never.id]);
    });

    it('filters by the status at the given time, and counts only matching keys', async () => {
      const account = ctx.account();
      const active = await insert(makeStoredKey(account, { expiresAt: NOW + 1 }));
      const rotated = await insert(
        makeStoredKey(account, { rotatedAt: T0, graceEndsAt: NOW + 1, replacedBy: 'key_x' }),
      );
      const expired = await insert(makeStoredKey(account, { expiresAt: NOW }));
      const graceOver = await insert(
        makeStoredKey(account, { rotatedAt: T0, graceEndsAt: NOW, replacedBy: 'key_y' }),
      );
      const revoked = await insert(makeStoredKey(account, { revokedAt: T0, expiresAt: NOW - 1 }));
      const ids = async (status: KeyPageQuery['status']) => {
        const page = await ctx.storage.listKeyPage(account, {
          now: NOW,
          status,
          sort: 'created',
          order: 'desc',
          limit: 10,
        });
        expect(page.total).toBe(page.keys.length);
        return page.keys.map((key) => key.id).sort();
      };
      expect(await ids('Active')).toEqual([active.id]);
      expect(await ids('Rotated')).toEqual([rotated.id]);
      expect(await ids('Expired')).toEqual([expired.id, graceOver.id].sort());
      expect(await ids('Revoked')).toEqual([revoked.id]);
    });

    it('searches names case-insensitively (ASCII) and prefixes exactly; % and _ are plain text', async () => {
      const account = ctx.account();
      const worker = await insert(
        makeStoredKey(account, { name: 'Prod-API-Worker', prefix: 'bye_Qx7aa' }),
      );
      const percent = await insert(
        makeStoredKey(account, { name: '100% ready', prefix: 'bye_zzzzz' }),
      );
      await insert(makeStoredKey(account, { name: 'staging-axb', prefix: 'bye_mmmmm' }));
      const search = async (text: string) => {
        const page = await ctx.storage.listKeyPage(account, {
          now: NOW,
          search: text,
          sort: 'name',
          order: 'asc',
          limit: 10,
        });
        return page.keys.map((key) => key.id);
      };
      expect(await search('api-work')).toEqual([worker.id]);
      expect(await search('bye_Qx7')).toEqual([worker.id]);
      expect(await search('bye_qx7')).toEqual([]);
      expect(await search('%')).toEqual([percent.id]);
      expect(await search('a_b')).toEqual([]);
    });

    it('returns an empty page after the last key and for another account', async () => {
      const account = ctx.account();
      const key = await insert(makeStoredKey(account));
      const after = { value: key.createdAt, id: key.id };
      const query = { now: NOW, sort: 'created', order: 'desc', limit: 5 } as const;
      expect((await ctx.storage.listKeyPage(account, { ...query, after })).keys).toEqual([]);
      expect(await ctx.storage.listKeyPage(ctx.account(), query)).toEqual({ keys: [], total: 0 });
    });
  });

  describe('key edits (updateKey with name or allowlist)', () => {
    it('renames a key and replaces its allowlist, bumping the version, in one write with its event', async () => {
      const key = await insert(makeStoredKey(ctx.account()));
      const event = makeAuditEvent('api_key.updated', key, {
        at: T0 + 1,
        data: { changed: 'name,allowlist' },
      });
      const updated = await ctx.storage.updateKey(
        key.accountId,
        key.id,
        key.version,
        { name: 'renamed', allowlist: [] },
        event,
      );
      const expected = { ...key, name: 'renamed', allowlist: [], version: key.version + 1 };
      expect(updated).toEqual(expected);
      expect(await ctx.storage.findKeyByHash(key.hash)).toEqual(expected);
      expect((await ctx.storage.listAuditEvents(key.accountId))[0]).toEqual(event);
    });

    it('leaves the name alone when only the allowlist changes', async () => {
      const key = await insert(makeStoredKey(ctx.account(), { name: 'kept' }));
      const updated = await ctx.storage.updateKey(
        key.accountId,
        key.id,
        key.version,
        { allowlist: ['10.0.0.0/8'] },
        makeAuditEvent('api_key.updated', key),
      );
      expect(updated?.name).toBe('kept');
      expect(updated?.allowlist).toEqual(['10.0.0.0/8']);
    });
  });

  describe('account usage logs (listAccountUsageLogs)', () => {
    async function seed() {
      const account = ctx.account();
      const a = await insert(makeStoredKey(account));
      const b = await insert(makeStoredKey(account));
      const other = await insert(makeStoredKey(ctx.account()));
      const logs: UsageLog[] = [
        makeUsageLog(a, { at: T0 + 1 }),
        makeUsageLog(b, { at: T0 + 2, status: 403, errorCode: 'BSE1005' }),
        makeUsageLog(a, { at: T0 + 3, status: 429, errorCode: 'BSE4290' }),
        makeUsageLog(b, { at: T0 + 3 }),
        makeUsageLog(a, { at: T0 + 3 }),
        makeUsageLog(b, { at: T0 + 4 }),
      ];
      await ctx.storage.appendUsageLogs([...logs, makeUsageLog(other, { at: T0 + 3 })]);
      const newestFirst = [...logs].sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1));
      return { account, a, b, logs: newestFirst };
    }

    it("lists every key's logs of the account newest first, none of another account", async () => {
      const { account, logs } = await seed();
      expect(await ctx.storage.listAccountUsageLogs(account, { limit: 100 })).toEqual(logs);
    });

    it('pages with a cursor through rows of the same millisecond, each row once', async () => {
      const { account, logs } = await seed();
      const seen: UsageLog[] = [];
      let after: { at: number; id: string } | undefined;
      for (let guard = 0; guard < 10; guard++) {
        const page = await ctx.storage.listAccountUsageLogs(account, {
          limit: 2,
          ...(after === undefined ? {} : { after }),
        });
        if (page.length === 0) break;
        seen.push(...page);
        const last = page.at(-1)!;
        after = { at: last.at, id: last.id };
      }
      expect(seen).toEqual(logs);
    });

    it('filters by time range (since inclusive, until exclusive) and by key', async () => {
      const { account, a, logs } = await seed();
      const range = await ctx.storage.listAccountUsageLogs(account, {
        since: T0 + 2,
        until: T0 + 4,
        limit: 100,
      });
      expect(range).toEqual(logs.filter((log) => log.at >= T0 + 2 && log.at < T0 + 4));
      const ofA = await ctx.storage.listAccountUsageLogs(account, { keyId: a.id, limit: 100 });
      expect(ofA).toEqual(logs.filter((log) => log.keyId === a.id));
    });

    it('filters by outcome, HTTP status and BSE code', async () => {
      const { account, logs } = await seed();
      const read = (query: object) =>
        ctx.storage.listAccountUsageLogs(account, { limit: 100, ...query });
      expect(await read({ outcome: 'success' })).toEqual(logs.filter((l) => l.errorCode === null));
      expect(await read({ outcome: 'refused' })).toEqual(logs.filter((l) => l.errorCode !== null));
      expect(await read({ status: 429 })).toEqual(logs.filter((l) => l.status === 429));
      expect(await read({ errorCode: 'BSE1005' })).toEqual(
        logs.filter((l) => l.errorCode === 'BSE1005'),
      );
    });
  });
}
