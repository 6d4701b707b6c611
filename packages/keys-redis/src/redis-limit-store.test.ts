import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createKeys } from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisLimitStore, type RedisLimitStore } from './redis-limit-store.js';
import { testPrefix, testRedisUrl } from './test-redis.js';

const url = await testRedisUrl();
const opened: RedisLimitStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

function store(time: 'caller' | 'redis' = 'caller', prefix = testPrefix()): RedisLimitStore {
  const created = createRedisLimitStore({ connection: url as string, keyPrefix: prefix, time });
  opened.push(created);
  return created;
}

const bucket = (limit: number, windowMs = 60_000, name = 'acct:a') => ({
  name,
  rule: { limit, windowMs },
});

describe.skipIf(url === null)('createRedisLimitStore (real Redis)', () => {
  it('admits exactly `limit` in one window, then refuses', async () => {
    const s = store();
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await s.take([bucket(3)], 1000 + i)).admitted);
    expect(results).toEqual([true, true, true, false]);
  });

  it('reports remaining and when the oldest admission leaves the window', async () => {
    const s = store();
    await s.take([bucket(2, 10_000)], 1000);
    const second = await s.take([bucket(2, 10_000)], 4000);
    expect(second.states[0]).toEqual({ limit: 2, remaining: 0, resetAt: 11_000 });
  });

  it('admits again once the oldest admission is a full window old', async () => {
    const s = store();
    await s.take([bucket(1, 10_000)], 1000);
    expect((await s.take([bucket(1, 10_000)], 10_999)).admitted).toBe(false);
    expect((await s.take([bucket(1, 10_000)], 11_000)).admitted).toBe(true);
  });

  it('counts in every bucket or none', async () => {
    const s = store();
    const key = bucket(1, 60_000, 'key:k');
    const account = bucket(5, 60_000, 'acct:a');
    await s.take([key, account], 1000);
    expect((await s.take([key, account], 1001)).admitted).toBe(false);
    expect((await s.peek(account, 1002)).remaining).toBe(4);
  });

  it('records failures past the limit and stays full', async () => {
    const s = store();
    await s.record(bucket(2, 10_000), 0);
    await s.record(bucket(2, 10_000), 1000);
    expect(await s.record(bucket(2, 10_000), 2000)).toEqual({
      limit: 2,
      remaining: 0,
      resetAt: 11_000,
    });
  });

  it('hands out `max` slots, frees one on release, and lets a lease lapse', async () => {
    const s = store();
    const a = await s.acquire('conc:a', 2, 1000, 0);
    await s.acquire('conc:a', 2, 1000, 0);
    expect(await s.acquire('conc:a', 2, 1000, 10)).toBeNull();
    await s.release('conc:a', a as string);
    expect(await s.acquire('conc:a', 2, 1000, 20)).not.toBeNull();
    // Every lease taken at 0 lapses at 1000: a crashed server's slots come back.
    expect(await s.acquire('conc:a', 2, 1000, 1000)).not.toBeNull();
  });

  it("times windows with the server's clock by default", async () => {
    const s = store('redis');
    const first = await s.take([bucket(1, 60_000)], 0);
    const [seconds] = await s.client.time();
    expect(first.admitted).toBe(true);
    // The reset is a minute after the server's now, not after the caller's 0.
    expect(Math.abs(first.states[0]!.resetAt - (Number(seconds) * 1000 + 60_000))).toBeLessThan(
      5_000,
    );
  });

  it('holds several processes to one limit: 3 processes × 40 concurrent takes admit 50', async () => {
    const prefix = testPrefix();
    const worker = fileURLToPath(new URL('./test-worker.ts', import.meta.url));
    const children = [0, 1, 2].map(() =>
      spawn(
        process.execPath,
        [
          '--conditions=@babysea/source',
          '--import',
          'tsx',
          worker,
          url!,
          prefix,
          '50',
          '60000',
          '40',
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      ),
    );
    const lines = (child: (typeof children)[number]) => {
      const queue: string[] = [];
      const waiting: ((line: string) => void)[] = [];
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline = buffer.indexOf('\n');
        while (newline !== -1) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          const next = waiting.shift();
          if (next) next(line);
          else queue.push(line);
          newline = buffer.indexOf('\n');
        }
      });
      return () =>
        new Promise<string>((resolve) => {
          const line = queue.shift();
          if (line !== undefined) resolve(line);
          else waiting.push(resolve);
        });
    };
    const readers = children.map(lines);
    for (const read of readers) expect(await read()).toBe('ready');
    for (const child of children) child.stdin!.write('go\n');
    const admitted = await Promise.all(
      readers.map(async (read) => JSON.parse(await read()).admitted),
    );
    expect(admitted.reduce((a: number, b: number) => a + b, 0)).toBe(50);
  }, 120_000);
});

describe.skipIf(url === null)('createKeys with the Redis store', () => {
  it('refuses the request over the account limit with 429 BSE1005 and its headers', async () => {
    const limits = store('caller');
    let now = 1_700_000_000_000;
    const keys = createKeys({
      storage: createMemoryStorage(),
      clock: () => now,
      limits: { rate: { limit: 1, windowMs: 60_000 }, store: limits, timeoutMs: 5_000 },
    });
    const { secret } = await keys.create({
      accountId: 'acct_1',
      actor: { userId: 'u', role: 'owner' },
      name: 'worker',
      preset: 'full-access',
    });
    const request = {
      authorization: `Bearer ${secret}`,
      ip: '203.0.113.1',
      method: 'GET',
      path: '/v1/status',
    };
    expect(await keys.verify(request)).toMatchObject({ ok: true, rateLimit: { remaining: 0 } });
    now += 1000;
    expect(await keys.verify(request)).toMatchObject({
      status: 429,
      code: 'BSE1005',
      retryAfterSeconds: 59,
    });
    await keys.close();
  });
});

describe('limiter failures', () => {
  let stalled: Server | null = null;
  afterEach(() => {
    stalled?.close();
    stalled = null;
  });

  async function engine(connection: string, onStoreError: 'allow' | 'deny') {
    const onError = vi.fn();
    const limits = createRedisLimitStore({
      connection: { ...parse(connection), connectTimeout: 500, retryStrategy: () => null },
    });
    opened.push(limits);
    const keys = createKeys({
      storage: createMemoryStorage(),
      onError,
      limits: { rate: { limit: 5 }, store: limits, onStoreError, timeoutMs: 100 },
    });
    const { secret } = await keys.create({
      accountId: 'acct_1',
      actor: { userId: 'u', role: 'owner' },
      name: 'worker',
      preset: 'full-access',
    });
    const verify = (authorization: string) =>
      keys.verify({ authorization, ip: '203.0.113.1', method: 'GET', path: '/v1/status' });
    return { keys, secret, onError, verify };
  }

  function parse(connection: string) {
    const { hostname, port } = new URL(connection);
    return { host: hostname, port: Number(port) };
  }

  async function stalledRedis(): Promise<string> {
    // Accepts connections and never answers: a stalled Redis.
    stalled = createServer(() => {});
    await new Promise<void>((resolve) => stalled!.listen(0, '127.0.0.1', resolve));
    const address = stalled.address() as { port: number };
    return `redis://127.0.0.1:${address.port}`;
  }

  it("admits under 'allow' when Redis is unreachable, reporting it; a bad key is still 401", async () => {
    const { secret, onError, verify, keys } = await engine('redis://127.0.0.1:1', 'allow');
    expect(await verify(`Bearer ${secret}`)).toMatchObject({ ok: true });
    expect(await verify('Bearer bye_nope')).toMatchObject({ ok: false, status: 401 });
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'LIMITER_UNAVAILABLE' });
    await keys.close();
  });

  it('answers within the deadline when Redis stalls', async () => {
    const { secret, onError, verify, keys } = await engine(await stalledRedis(), 'allow');
    expect(await verify(`Bearer ${secret}`)).toMatchObject({ ok: true });
    expect(onError).toHaveBeenCalled();
    await keys.close();
  });

  it("answers 503 BSE9008 under 'deny' when Redis stalls", async () => {
    const { secret, verify, keys } = await engine(await stalledRedis(), 'deny');
    expect(await verify(`Bearer ${secret}`)).toMatchObject({ status: 503, code: 'BSE9008' });
    await keys.close();
  });
});
