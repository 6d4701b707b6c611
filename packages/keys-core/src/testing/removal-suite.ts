import { describe, expect, it } from 'vitest';
import type { StoredKey } from '../types.js';
import type { SuiteContext } from './context.js';
import { HOUR, makeAuditEvent, makeStoredKey, makeUsageLog, T0 } from './fixtures.js';

/** deleteKey (with its logs, keeping audit events) and touchLastUsed (max, no version bump). */
export function describeRemovalAndLastUsed(ctx: SuiteContext): void {
  async function inserted(overrides: Partial<StoredKey> = {}): Promise<StoredKey> {
    const key = makeStoredKey(ctx.account(), overrides);
    await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return key;
  }

  describe('deleteKey', () => {
    it('removes the key from every lookup and returns it', async () => {
      const key = await inserted();
      const deleted = await ctx.storage.deleteKey(
        key.accountId,
        key.id,
        makeAuditEvent('api_key.deleted', key),
      );
      expect(deleted).toEqual(key);
      expect(await ctx.storage.findKey(key.accountId, key.id)).toBeNull();
      expect(await ctx.storage.findKeyByHash(key.hash)).toBeNull();
      expect(await ctx.storage.listKeys(key.accountId)).toEqual([]);
    });

    it("removes the key's usage logs and no one else's", async () => {
      const key = await inserted();
      const sibling = makeStoredKey(key.accountId);
      await ctx.storage.insertKey(sibling, makeAuditEvent('api_key.created', sibling));
      const siblingLog = makeUsageLog(sibling);
      await ctx.storage.appendUsageLogs([makeUsageLog(key), makeUsageLog(key), siblingLog]);
      await ctx.storage.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
      expect(await ctx.storage.listUsageLogs(key.accountId, key.id)).toEqual([]);
      expect(await ctx.storage.listUsageLogs(key.accountId, sibling.id)).toEqual([siblingLog]);
      expect(await ctx.storage.purgeUsageLogs(Number.MAX_SAFE_INTEGER)).toBe(1);
    });

    it('keeps the audit events and adds the deleted one', async () => {
      const key = await inserted();
      const deletedEvent = makeAuditEvent('api_key.deleted', key, { at: T0 + HOUR });
      await ctx.storage.deleteKey(key.accountId, key.id, deletedEvent);
      const events = await ctx.storage.listAuditEvents(key.accountId);
      expect(events.map((event) => event.type)).toEqual(['api_key.deleted', 'api_key.created']);
      expect(events[0]).toEqual(deletedEvent);
    });

    it('returns null and records nothing for an unknown key', async () => {
      const key = makeStoredKey(ctx.account());
      const result = await ctx.storage.deleteKey(
        key.accountId,
        key.id,
        makeAuditEvent('api_key.deleted', key),
      );
      expect(result).toBeNull();
      expect(await ctx.storage.listAuditEvents(key.accountId)).toEqual([]);
    });

    it('does not delete a key through another account', async () => {
      const key = await inserted();
      const result = await ctx.storage.deleteKey(
        ctx.account(),
        key.id,
        makeAuditEvent('api_key.deleted', key),
      );
      expect(result).toBeNull();
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
    });

    it('frees the hash and id for a later insert', async () => {
      const key = await inserted();
      await ctx.storage.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      expect(await ctx.storage.findKeyByHash(key.hash)).toEqual(key);
    });
  });

  describe('touchLastUsed', () => {
    it('sets lastUsedAt on a key never used', async () => {
      const key = await inserted();
      await ctx.storage.touchLastUsed([{ id: key.id, at: T0 + 5 }]);
      expect((await ctx.storage.findKey(key.accountId, key.id))?.lastUsedAt).toBe(T0 + 5);
    });

    it('never moves lastUsedAt back', async () => {
      const key = await inserted({ lastUsedAt: T0 + HOUR });
      await ctx.storage.touchLastUsed([{ id: key.id, at: T0 + 1 }]);
      expect((await ctx.storage.findKey(key.accountId, key.id))?.lastUsedAt).toBe(T0 + HOUR);
    });

    it('keeps the greatest stamp of one batch, in any order', async () => {
      const key = await inserted();
      await ctx.storage.touchLastUsed([
        { id: key.id, at: T0 + 2 },
        { id: key.id, at: T0 + 9 },
        { id: key.id, at: T0 + 4 },
      ]);
      expect((await ctx.storage.findKey(key.accountId, key.id))?.lastUsedAt).toBe(T0 + 9);
    });

    it('updates several keys in one batch', async () => {
      const a = await inserted();
      const b = await inserted();
      await ctx.storage.touchLastUsed([
        { id: a.id, at: T0 + 1 },
        { id: b.id, at: T0 + 2 },
      ]);
      expect((await ctx.storage.findKey(a.accountId, a.id))?.lastUsedAt).toBe(T0 + 1);
      expect((await ctx.storage.findKey(b.accountId, b.id))?.lastUsedAt).toBe(T0 + 2);
    });

    it('does not change the version', async () => {
      const key = await inserted();
      await ctx.storage.touchLastUsed([{ id: key.id, at: T0 + 5 }]);
      expect((await ctx.storage.findKey(key.accountId, key.id))?.version).toBe(1);
      const revoked = await ctx.storage.updateKey(
        key.accountId,
        key.id,
        1,
        { revokedAt: T0 + 6 },
        makeAuditEvent('api_key.revoked', key),
      );
      expect(revoked?.lastUsedAt).toBe(T0 + 5);
    });

    it('ignores unknown ids and empty batches', async () => {
      const key = await inserted();
      await ctx.storage.touchLastUsed([]);
      await ctx.storage.touchLastUsed([{ id: makeStoredKey(key.accountId).id, at: T0 }]);
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
    });
  });
}
