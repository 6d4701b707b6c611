import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyChange, StoredKey } from '../types.js';
import type { SuiteContext } from './context.js';
import { HOUR, makeAuditEvent, makeStoredKey, T0 } from './fixtures.js';

/** How long a change may take to reach another instance (a database round trip or two). */
const DELIVERY_TIMEOUT_MS = 5_000;

/**
 * The optional change feed. Listeners subscribe on the second instance (when the factory gives
 * one), so that a SQL adapter proves delivery across connections. An adapter without
 * `subscribe` has these tests reported as skipped, with the reason.
 */
export function describeChangeFeed(ctx: SuiteContext): void {
  async function inserted(): Promise<StoredKey> {
    const key = makeStoredKey(ctx.account());
    await ctx.storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return key;
  }

  /** Subscribes on the second instance; returns the changes seen and the unsubscribe. */
  async function listen(): Promise<{ changes: KeyChange[]; stop: () => Promise<void> }> {
    const listener = await ctx.second();
    const changes: KeyChange[] = [];
    const unsubscribe = await listener.subscribe!((change) => changes.push(change));
    return { changes, stop: async () => void (await unsubscribe()) };
  }

  async function revoke(key: StoredKey): Promise<void> {
    await ctx.storage.updateKey(
      key.accountId,
      key.id,
      key.version,
      { revokedAt: T0 + HOUR },
      makeAuditEvent('api_key.revoked', key),
    );
  }

  /** Writes a revoke of a fresh key and waits for it: everything before it has arrived too. */
  async function drain(changes: KeyChange[]): Promise<KeyChange> {
    const marker = await inserted();
    await revoke(marker);
    const expected: KeyChange = { type: 'revoked', keyId: marker.id, hash: marker.hash };
    await vi.waitFor(() => expect(changes).toContainEqual(expected), {
      timeout: DELIVERY_TIMEOUT_MS,
    });
    return expected;
  }

  describe('change feed (subscribe)', () => {
    beforeEach(({ skip }) => {
      if (ctx.storage.subscribe === undefined) skip('this adapter has no change feed');
    });

    it('publishes a revoke with the key id and hash', async () => {
      const { changes, stop } = await listen();
      const key = await inserted();
      await revoke(key);
      await vi.waitFor(
        () => expect(changes).toContainEqual({ type: 'revoked', keyId: key.id, hash: key.hash }),
        { timeout: DELIVERY_TIMEOUT_MS },
      );
      await stop();
    });

    it("publishes a rotation with the old key's hash", async () => {
      const { changes, stop } = await listen();
      const key = await inserted();
      const replacement = makeStoredKey(key.accountId, { rotatedFrom: key.id });
      await ctx.storage.rotateKey(
        key.accountId,
        key.id,
        1,
        { rotatedAt: T0 + HOUR, graceEndsAt: T0 + 2 * HOUR, replacedBy: replacement.id },
        replacement,
        makeAuditEvent('api_key.rotated', key),
      );
      await vi.waitFor(
        () => expect(changes).toContainEqual({ type: 'rotated', keyId: key.id, hash: key.hash }),
        { timeout: DELIVERY_TIMEOUT_MS },
      );
      await stop();
    });

    it('publishes a delete with the key hash', async () => {
      const { changes, stop } = await listen();
      const key = await inserted();
      await ctx.storage.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
      await vi.waitFor(
        () => expect(changes).toContainEqual({ type: 'deleted', keyId: key.id, hash: key.hash }),
        { timeout: DELIVERY_TIMEOUT_MS },
      );
      await stop();
    });

    it('publishes an edit (name or allowlist) as updated, with the key hash', async () => {
      const { changes, stop } = await listen();
      const key = await inserted();
      await ctx.storage.updateKey(
        key.accountId,
        key.id,
        key.version,
        { allowlist: ['198.51.100.7'] },
        makeAuditEvent('api_key.updated', key),
      );
      await vi.waitFor(
        () => expect(changes).toContainEqual({ type: 'updated', keyId: key.id, hash: key.hash }),
        { timeout: DELIVERY_TIMEOUT_MS },
      );
      await stop();
    });

    it('publishes nothing for a failed compare-and-set or a last-used touch', async () => {
      const { changes, stop } = await listen();
      const key = await inserted();
      await ctx.storage.updateKey(
        key.accountId,
        key.id,
        5,
        { revokedAt: T0 },
        makeAuditEvent('api_key.revoked', key),
      );
      await ctx.storage.touchLastUsed([{ id: key.id, at: T0 }]);
      const marker = await drain(changes);
      expect(changes).toEqual([marker]);
      await stop();
    });

    it('stops calling a listener after it unsubscribes', async () => {
      const first = await listen();
      const second = await listen();
      await first.stop();
      const key = await inserted();
      await revoke(key);
      await drain(second.changes);
      expect(first.changes).toEqual([]);
      await second.stop();
    });
  });
}
