import { describe, expect, it } from 'vitest';
import type { StoredKey } from '../types.js';
import type { SuiteContext } from './context.js';
import { caught, HOUR, makeAuditEvent, makeStoredKey, T0 } from './fixtures.js';

/** updateKey and rotateKey: compare-and-set on `version`, atomic rotation. */
export function describeKeyUpdates(ctx: SuiteContext): void {
  async function inserted(overrides: Partial<StoredKey> = {}): Promise<StoredKey> {
    const key = makeStoredKey(ctx.account(), overrides);
    await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return key;
  }

  function replacementOf(key: StoredKey): StoredKey {
    return makeStoredKey(key.accountId, {
      name: key.name,
      createdAt: T0 + HOUR,
      rotatedFrom: key.id,
    });
  }

  const rotationPatch = (replacementId: string) => ({
    rotatedAt: T0 + HOUR,
    graceEndsAt: T0 + 25 * HOUR,
    replacedBy: replacementId,
  });

  describe('updateKey (compare-and-set)', () => {
    it('applies the patch, bumps the version and returns the updated key', async () => {
      const key = await inserted();
      const updated = await ctx.storage.updateKey(
        key.accountId,
        key.id,
        1,
        { revokedAt: T0 + HOUR },
        makeAuditEvent('api_key.revoked', key, { at: T0 + HOUR }),
      );
      const expected = { ...key, revokedAt: T0 + HOUR, version: 2 };
      expect(updated).toEqual(expected);
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(expected);
    });

    it('changes only the fields the patch names', async () => {
      const key = await inserted({ expiresAt: T0 + 48 * HOUR, lastUsedAt: T0 + 1 });
      const updated = await ctx.storage.updateKey(
        key.accountId,
        key.id,
        1,
        { graceEndsAt: T0 + 2 * HOUR },
        makeAuditEvent('api_key.rotated', key),
      );
      expect(updated).toEqual({ ...key, graceEndsAt: T0 + 2 * HOUR, version: 2 });
    });

    it('records the event with the change', async () => {
      const key = await inserted();
      const event = makeAuditEvent('api_key.revoked', key, { at: T0 + HOUR });
      await ctx.storage.updateKey(key.accountId, key.id, 1, { revokedAt: T0 + HOUR }, event);
      expect((await ctx.storage.listAuditEvents(key.accountId))[0]).toEqual(event);
    });

    it('returns null and writes nothing when the version moved on', async () => {
      const key = await inserted();
      const stale = await ctx.storage.updateKey(
        key.accountId,
        key.id,
        2,
        { revokedAt: T0 },
        makeAuditEvent('api_key.revoked', key),
      );
      expect(stale).toBeNull();
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
      expect(await ctx.storage.listAuditEvents(key.accountId)).toHaveLength(1);
    });

    it('returns null for a key of another account, and leaves it alone', async () => {
      const key = await inserted();
      const result = await ctx.storage.updateKey(
        ctx.account(),
        key.id,
        1,
        { revokedAt: T0 },
        makeAuditEvent('api_key.revoked', key),
      );
      expect(result).toBeNull();
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
    });

    it('returns null for an unknown key', async () => {
      const key = makeStoredKey(ctx.account());
      const result = await ctx.storage.updateKey(
        key.accountId,
        key.id,
        1,
        { revokedAt: T0 },
        makeAuditEvent('api_key.revoked', key),
      );
      expect(result).toBeNull();
    });

    it('lets exactly one of many concurrent updates on one version win', async () => {
      const key = await inserted();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ctx.storage.updateKey(
            key.accountId,
            key.id,
            1,
            { revokedAt: T0 + i },
            makeAuditEvent('api_key.revoked', key),
          ),
        ),
      );
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect((await ctx.storage.findKey(key.accountId, key.id))?.version).toBe(2);
      expect(await ctx.storage.listAuditEvents(key.accountId)).toHaveLength(2);
    });
  });

  describe('rotateKey (atomic rotation)', () => {
    it('updates the old key and inserts the replacement', async () => {
      const key = await inserted();
      const replacement = replacementOf(key);
      const updated = await ctx.storage.rotateKey(
        key.accountId,
        key.id,
        1,
        rotationPatch(replacement.id),
        replacement,
        makeAuditEvent('api_key.rotated', key, { at: T0 + HOUR }),
      );
      const expected = { ...key, ...rotationPatch(replacement.id), version: 2 };
      expect(updated).toEqual(expected);
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(expected);
      expect(await ctx.storage.findKeyByHash(replacement.hash)).toEqual(replacement);
    });

    it('records the rotated event', async () => {
      const key = await inserted();
      const replacement = replacementOf(key);
      const event = makeAuditEvent('api_key.rotated', key, {
        at: T0 + HOUR,
        data: { replacementId: replacement.id, replacementPrefix: 'bye_Zz9Yy', graceHours: 24 },
      });
      await ctx.storage.rotateKey(
        key.accountId,
        key.id,
        1,
        rotationPatch(replacement.id),
        replacement,
        event,
      );
      expect((await ctx.storage.listAuditEvents(key.accountId))[0]).toEqual(event);
    });

    it('writes nothing when the version moved on', async () => {
      const key = await inserted();
      const replacement = replacementOf(key);
      const result = await ctx.storage.rotateKey(
        key.accountId,
        key.id,
        7,
        rotationPatch(replacement.id),
        replacement,
        makeAuditEvent('api_key.rotated', key),
      );
      expect(result).toBeNull();
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
      expect(await ctx.storage.findKeyByHash(replacement.hash)).toBeNull();
      expect(await ctx.storage.listKeys(key.accountId)).toHaveLength(1);
      expect(await ctx.storage.listAuditEvents(key.accountId)).toHaveLength(1);
    });

    it('writes nothing for a key of another account', async () => {
      const key = await inserted();
      const replacement = replacementOf(key);
      const result = await ctx.storage.rotateKey(
        ctx.account(),
        key.id,
        1,
        rotationPatch(replacement.id),
        replacement,
        makeAuditEvent('api_key.rotated', key),
      );
      expect(result).toBeNull();
      expect(await ctx.storage.findKeyByHash(replacement.hash)).toBeNull();
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
    });

    it('writes nothing when the replacement duplicates an existing hash', async () => {
      const key = await inserted();
      const other = await inserted();
      const replacement = { ...replacementOf(key), hash: other.hash };
      await caught(() =>
        ctx.storage.rotateKey(
          key.accountId,
          key.id,
          1,
          rotationPatch(replacement.id),
          replacement,
          makeAuditEvent('api_key.rotated', key),
        ),
      );
      expect(await ctx.storage.findKey(key.accountId, key.id)).toEqual(key);
      expect(await ctx.storage.findKey(key.accountId, replacement.id)).toBeNull();
      expect(await ctx.storage.findKeyByHash(other.hash)).toEqual(other);
    });

    it('lets exactly one of many concurrent rotations win, with one replacement', async () => {
      const key = await inserted();
      const attempts = Array.from({ length: 20 }, () => replacementOf(key));
      const results = await Promise.all(
        attempts.map((replacement) =>
          ctx.storage.rotateKey(
            key.accountId,
            key.id,
            1,
            rotationPatch(replacement.id),
            replacement,
            makeAuditEvent('api_key.rotated', key),
          ),
        ),
      );
      const winners = results.filter((result) => result !== null);
      expect(winners).toHaveLength(1);
      const listed = await ctx.storage.listKeys(key.accountId);
      expect(listed).toHaveLength(2);
      expect(listed.map((k) => k.id)).toContain(winners[0]!.replacedBy);
    });
  });
}
