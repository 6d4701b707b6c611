import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';
import {
  caught,
  HOUR,
  isKeysErrorWithCode,
  makeAuditEvent,
  makeStoredKey,
  T0,
} from './fixtures.js';

/** insertKey, findKeyByHash, findKey, listKeys, and copy safety. */
export function describeKeyRecords(ctx: SuiteContext): void {
  describe('key records', () => {
    it('finds an inserted key by its hash, every field intact', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      expect(await ctx.storage.findKeyByHash(key.hash)).toEqual(key);
    });

    it('round-trips nulls, numbers, empty lists and non-ASCII names', async () => {
      const key = makeStoredKey(ctx.account(), {
        name: 'Ünïcode 🔑 key',
        preset: null,
        scopes: [],
        allowlist: [],
        expiresAt: T0 + 90 * 24 * HOUR,
        lastUsedAt: T0 + 1,
        rotatedFrom: 'key_000000000000000000000000',
      });
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
    });

    it('finds a key by id within its account', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
    });

    it('does not find a key through another account', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      expect(await ctx.storage.findKey(ctx.account(), key.id)).toBeNull();
    });

    it('answers null for an unknown id or hash', async () => {
      const key = makeStoredKey(ctx.account());
      expect(await ctx.storage.findKey(key.accountId, key.id)).toBeNull();
      expect(await ctx.storage.findKeyByHash(key.hash)).toBeNull();
    });

    it('refuses a duplicate id with KeysError CONFLICT', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      const twin = makeStoredKey(key.accountId, { id: key.id });
      const error = await caught(() =>
        ctx.storage.insertKey(twin, makeAuditEvent('api_key.created', twin)),
      );
      expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
    });

    it('refuses a duplicate hash with KeysError CONFLICT', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      const twin = makeStoredKey(ctx.account(), { hash: key.hash });
      const error = await caught(() =>
        ctx.storage.insertKey(twin, makeAuditEvent('api_key.created', twin)),
      );
      expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
    });

    it('writes nothing when an insert is refused', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      const twin = makeStoredKey(key.accountId, { hash: key.hash, name: 'twin' });
      await caught(() => ctx.storage.insertKey(twin, makeAuditEvent('api_key.created', twin)));
      expect(await ctx.storage.listKeys(key.accountId)).toEqual([key]);
      expect(await ctx.storage.listAuditEvents(key.accountId)).toHaveLength(1);
      expect(await ctx.storage.findKeyByHash(key.hash)).toEqual(key);
    });

    it('records the created event with the key', async () => {
      const key = makeStoredKey(ctx.account());
      const event = makeAuditEvent('api_key.created', key, { data: { preset: 'generate-only' } });
      await ctx.storage.insertKey(key, event);
      expect(await ctx.storage.listAuditEvents(key.accountId)).toEqual([event]);
    });

    it('lists an account newest first by createdAt, then by id', async () => {
      const accountId = ctx.account();
      const older = makeStoredKey(accountId, { createdAt: T0 - 5 });
      const tieLow = makeStoredKey(accountId, {
        id: 'key_aaaaaaaaaaaaaaaaaaaaaaaa',
        createdAt: T0,
      });
      const tieHigh = makeStoredKey(accountId, {
        id: 'key_bbbbbbbbbbbbbbbbbbbbbbbb',
        createdAt: T0,
      });
      const newest = makeStoredKey(accountId, { createdAt: T0 + HOUR });
      for (const key of [tieLow, older, newest, tieHigh]) {
        await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      }
      expect(await ctx.storage.listKeys(accountId)).toEqual([newest, tieHigh, tieLow, older]);
    });

    it('lists only the keys of the account asked for', async () => {
      const mine = makeStoredKey(ctx.account());
      const theirs = makeStoredKey(ctx.account());
      for (const key of [mine, theirs]) {
        await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      }
      expect(await ctx.storage.listKeys(mine.accountId)).toEqual([mine]);
      expect(await ctx.storage.listKeys(ctx.account())).toEqual([]);
    });

    it('keeps no reference to an inserted object', async () => {
      const key = makeStoredKey(ctx.account());
      const snapshot = structuredClone(key);
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      key.name = 'mutated';
      key.scopes.push('generation:delete');
      key.allowlist.length = 0;
      expect(await ctx.storage.findKeyByHash(snapshot.hash)).toEqual(snapshot);
    });

    it('returns copies that cannot change storage', async () => {
      const key = makeStoredKey(ctx.account());
      await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
      const found = await ctx.storage.findKeyByHash(key.hash);
      const listed = await ctx.storage.listKeys(key.accountId);
      found!.revokedAt = T0;
      found!.scopes.push('generation:delete');
      listed[0]!.allowlist.push('198.51.100.1');
      listed[0]!.version = 99;
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
    });
  });
}
