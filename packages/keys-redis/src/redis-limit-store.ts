/**
 * The Redis limit store: one count shared by every server, kept exact by atomic Lua scripts
 * (scripts.ts). Concurrent calls share round trips: the client is created with ioredis's
 * auto-pipelining, which writes every command issued in the same tick as one batch.
 */
import { randomBytes } from 'node:crypto';
import type { LimitBucket, LimitStore, TakeResult, WindowState } from '@babysea/keys-core';
import { Redis, type RedisOptions } from 'ioredis';
import { ACQUIRE, PEEK, RECORD, TAKE } from './scripts.js';

type Reply = (number | string)[];

/** The scripted commands this store defines on its client. */
interface ScriptedRedis extends Redis {
  keysTake(...args: (string | number)[]): Promise<Reply>;
  keysPeek(...args: (string | number)[]): Promise<Reply>;
  keysRecord(...args: (string | number)[]): Promise<Reply>;
  keysAcquire(...args: (string | number)[]): Promise<number>;
}

/** Options of {@link createRedisLimitStore}. */
export interface RedisLimitStoreOptions {
  /**
   * A connection URL (`redis://127.0.0.1:6379`) or ioredis options; the store opens and
   * closes its own client, with auto-pipelining on and no retries per command (a failure must
   * reach the limits' failure policy, not wait). @default 'redis://127.0.0.1:6379'
   */
  connection?: string | RedisOptions;
  /** Namespace of every key this store writes. @default 'babysea:keys:' */
  keyPrefix?: string;
  /**
   * Whose clock times the windows: `'redis'` (default: the server's `TIME`, one timeline for
   * every server whatever their clock skew) or `'caller'` (the engine's clock; tests inject it).
   */
  time?: 'redis' | 'caller';
}

/** A {@link LimitStore} on Redis, plus its client (for `quit` in tests and benchmarks). */
export interface RedisLimitStore extends LimitStore {
  readonly client: Redis;
  close(): Promise<void>;
}

/**
 * Creates the shared store. Give it to `createKeys({ limits: { store } })` on every server.
 *
 * @example
 * import { createRedisLimitStore } from '@babysea/keys-redis';
 * const keys = createKeys({ storage, limits: { rate: { limit: 60 }, store: createRedisLimitStore({ connection: process.env.REDIS_URL }) } });
 */
export function createRedisLimitStore(options: RedisLimitStoreOptions = {}): RedisLimitStore {
  const connection = options.connection ?? 'redis://127.0.0.1:6379';
  const base: RedisOptions = {
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    // Refuse at once while disconnected instead of queueing: the caller's deadline decides.
    enableOfflineQueue: false,
    lazyConnect: false,
  };
  const client = (
    typeof connection === 'string'
      ? new Redis(connection, base)
      : new Redis({ ...base, ...connection })
  ) as ScriptedRedis;
  // A down Redis is reported per call (to the limits' onError), not as an unhandled event.
  client.on('error', () => {});
  client.defineCommand('keysTake', { lua: TAKE });
  client.defineCommand('keysPeek', { lua: PEEK, numberOfKeys: 1 });
  client.defineCommand('keysRecord', { lua: RECORD, numberOfKeys: 1 });
  client.defineCommand('keysAcquire', { lua: ACQUIRE, numberOfKeys: 1 });
  const prefix = options.keyPrefix ?? 'babysea:keys:';
  const callerTime = options.time === 'caller';
  // Unique members: a process tag plus a counter (two admissions in one ms stay two).
  const tag = randomBytes(6).toString('hex');
  let sequence = 0;
  const member = () => `${tag}:${++sequence}`;
  const at = (now: number) => (callerTime ? now : -1);
  // Commands are not queued while disconnected (a down Redis must fail fast, not pile up), so
  // each call first waits for the connection; the limits' deadline bounds that wait.
  const ready = (): Promise<void> | null => {
    if (client.status === 'ready') return null;
    if (client.status === 'end') return Promise.reject(new Error('Redis connection closed'));
    return new Promise((resolve, reject) => {
      const onReady = () => {
        client.off('end', onEnd);
        resolve();
      };
      const onEnd = () => {
        client.off('ready', onReady);
        reject(new Error('Redis connection closed'));
      };
      client.once('ready', onReady);
      client.once('end', onEnd);
    });
  };

  const state = (limit: number, remaining: unknown, reset: unknown): WindowState => ({
    limit,
    remaining: Number(remaining),
    resetAt: Number(reset),
  });

  return {
    client,
    async take(buckets, now): Promise<TakeResult> {
      await ready();
      const args: (string | number)[] = [buckets.length];
      for (const bucket of buckets) args.push(prefix + bucket.name);
      args.push(at(now), member());
      for (const bucket of buckets) args.push(bucket.rule.limit, bucket.rule.windowMs);
      const reply = await client.keysTake(...args);
      return {
        admitted: reply[0] === 1,
        states: buckets.map((bucket, i) =>
          state(bucket.rule.limit, reply[2 + 2 * i], reply[3 + 2 * i]),
        ),
      };
    },
    async peek(bucket: LimitBucket, now) {
      await ready();
      const reply = await client.keysPeek(
        prefix + bucket.name,
        at(now),
        bucket.rule.limit,
        bucket.rule.windowMs,
      );
      return state(bucket.rule.limit, reply[1], reply[2]);
    },
    async record(bucket, now) {
      await ready();
      const reply = await client.keysRecord(
        prefix + bucket.name,
        at(now),
        member(),
        bucket.rule.limit,
        bucket.rule.windowMs,
      );
      return state(bucket.rule.limit, reply[1], reply[2]);
    },
    async acquire(name, max, leaseMs, now) {
      await ready();
      const lease = member();
      const taken = await client.keysAcquire(prefix + name, at(now), lease, max, leaseMs);
      return taken === 1 ? lease : null;
    },
    async release(name, lease) {
      await ready();
      await client.zrem(prefix + name, lease);
    },
    async close() {
      await closeClient(client);
    },
  };
}

/** Quits politely when Redis answers, else drops the connection (a stalled server never would). */
export async function closeClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 1000);
  });
  await Promise.race([client.quit().catch(() => {}), late]);
  clearTimeout(timer);
  if ((client.status as string) !== 'end') client.disconnect();
}
