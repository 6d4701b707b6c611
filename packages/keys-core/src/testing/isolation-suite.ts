import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';
import { makeAuditEvent, makeStoredKey, makeUsageLog } from './fixtures.js';

/**
 * Account isolation at the collation level: a case-insensitive or space-padding comparison
 * (MySQL's default collations, SQL Server's, `CHAR(n)` columns) would let `"acct_1 "` or
 * `"ACCT_1"` read `acct_1`'s keys. Ids must compare byte for byte.
 */
export function describeAccountIsolation(ctx: SuiteContext): void {
  describe('account ids compare exactly (collation)', () => {
    it('an account id with a trailing space or another case reads none of the keys, logs or events', async () => {
      const owner = ctx.account();
      const key = makeStoredKey(owner);
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      await ctx.storage.appendUsageLogs([makeUsageLog(key)]);
      for (const other of [`${owner} `, owner.toUpperCase(), ` ${owner}`, `${owner}\t`]) {
        expect(await ctx.storage.listKeys(other), JSON.stringify(other)).toEqual([]);
        expect(await ctx.storage.findKey(other, key.id), JSON.stringify(other)).toBeNull();
        expect(await ctx.storage.listUsageLogs(other, key.id), JSON.stringify(other)).toEqual([]);
        expect(await ctx.storage.listAuditEvents(other), JSON.stringify(other)).toEqual([]);
      }
      expect(await ctx.storage.listKeys(owner)).toEqual([key]);
    });

    it('a key id with a trailing space or another case is another key', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      for (const other of [`${key.id} `, key.id.toUpperCase()]) {
        expect(await ctx.storage.findKey(key.accountId, other), JSON.stringify(other)).toBeNull();
      }
    });
  });

  describe("usage logs keep their key's account", () => {
    it("drops a log that names another account than its key's, and keeps the rest", async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      const intruder = ctx.account();
      const good = makeUsageLog(key);
      await ctx.storage.appendUsageLogs([
        makeUsageLog(key, { accountId: intruder }),
        makeUsageLog(key, { accountId: `${key.accountId} ` }),
        good,
      ]);
      expect(await ctx.storage.listUsageLogs(key.accountId, key.id)).toEqual([good]);
      expect(await ctx.storage.listUsageLogs(intruder, key.id)).toEqual([]);
    });
  });
}
