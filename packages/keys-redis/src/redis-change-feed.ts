/**
 * A change feed over Redis pub/sub for any storage adapter: every revoke, rotation and delete
 * made through the wrapped adapter is published, and every process's verifier subscribes, so
 * the 30 s key cache drops a revoked key everywhere at once even when the storage itself has
 * no feed (a plain SQL database, a KV store).
 */
import type { KeyChange, StorageAdapter, StoredKey } from '@babysea/keys-core';
import { Redis, type RedisOptions } from 'ioredis';
import { closeClient } from './redis-limit-store.js';

/** Options of {@link withRedisChangeFeed}. */
export interface RedisChangeFeedOptions {
  /** A connection URL or ioredis options. @default 'redis://127.0.0.1:6379' */
  connection?: string | RedisOptions;
  /** The pub/sub channel; every server of one deployment uses the same. @default 'babysea:keys:changes' */
  channel?: string;
  /** Failures to publish (the write itself succeeded). @default console.error */
  onError?: (error: unknown) => void;
}

function isChange(value: unknown): value is KeyChange {
  const change = value as KeyChange;
  return (
    typeof change === 'object' &&
    change !== null &&
    (change.type === 'revoked' || change.type === 'rotated' || change.type === 'deleted') &&
    typeof change.keyId === 'string' &&
    typeof change.hash === 'string'
  );
}

/**
 * Wraps `storage` so that its key changes go out on Redis and `subscribe` listens there. The
 * adapter's own `subscribe`, if any, is replaced. `close()` closes the two connections (and
 * the wrapped adapter's `close`, if it has one).
 *
 * A publish happens after the write commits; if it fails (Redis down), the change is reported
 * to `onError` and other servers fall back on their cache TTL. Subscribing fails when Redis
 * is unreachable, and the verifier then does not cache (it waits for a live feed).
 *
 * @example
 * const storage = withRedisChangeFeed(createMyStorage(db), { connection: process.env.REDIS_URL });
 * const keys = createKeys({ storage }); // caches keys for 30 s, safe across servers
 */
export function withRedisChangeFeed(
  storage: StorageAdapter,
  options: RedisChangeFeedOptions = {},
): StorageAdapter & { close(): Promise<void> } {
  const connection = options.connection ?? 'redis://127.0.0.1:6379';
  const channel = options.channel ?? 'babysea:keys:changes';
  const onError = options.onError ?? ((error: unknown) => console.error('[babysea/keys]', error));
  const open = () => {
    const base: RedisOptions = { maxRetriesPerRequest: 1 };
    const client =
      typeof connection === 'string'
        ? new Redis(connection, base)
        : new Redis({ ...base, ...connection });
    client.on('error', () => {});
    return client;
  };
  const publisher = open();
  let subscriber: Redis | null = null;
  let subscribed: Promise<void> | undefined;
  const listeners = new Set<(change: KeyChange) => void>();

  async function publish(type: KeyChange['type'], key: StoredKey | null): Promise<void> {
    if (key === null) return;
    const change: KeyChange = { type, keyId: key.id, hash: key.hash };
    try {
      await publisher.publish(channel, JSON.stringify(change));
    } catch (error) {
      onError(error);
    }
  }

  const overrides: Partial<StorageAdapter> & { close(): Promise<void> } = {
    async updateKey(accountId, keyId, expectedVersion, patch, event) {
      const updated = await storage.updateKey(accountId, keyId, expectedVersion, patch, event);
      await publish('revoked', updated);
      return updated;
    },
    async rotateKey(accountId, keyId, expectedVersion, patch, replacement, event) {
      const old = await storage.rotateKey(
        accountId,
        keyId,
        expectedVersion,
        patch,
        replacement,
        event,
      );
      await publish('rotated', old);
      return old;
    },
    async deleteKey(accountId, keyId, event) {
      const deleted = await storage.deleteKey(accountId, keyId, event);
      await publish('deleted', deleted);
      return deleted;
    },
    async subscribe(listener) {
      // Every caller waits for the one SUBSCRIBE: a listener is live only once Redis confirmed.
      subscribed ??= (async () => {
        subscriber = open();
        subscriber.on('message', (from: string, text: string) => {
          if (from !== channel) return;
          let change: unknown;
          try {
            change = JSON.parse(text);
          } catch {
            return;
          }
          if (!isChange(change)) return;
          for (const each of listeners) each(change);
        });
        await subscriber.subscribe(channel);
      })();
      await subscribed;
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      for (const client of [publisher, subscriber]) if (client) await closeClient(client);
      await storage.close?.();
    },
  };
  // A proxy, not a spread: a class-based adapter keeps its prototype methods (and any method
  // added to the contract later passes straight through).
  return new Proxy(storage, {
    get(target, name, receiver) {
      if (Object.hasOwn(overrides, name)) return overrides[name as keyof typeof overrides];
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has(target, name) {
      return Object.hasOwn(overrides, name) || Reflect.has(target, name);
    },
  }) as StorageAdapter & { close(): Promise<void> };
}
