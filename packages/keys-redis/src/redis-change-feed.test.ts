import { createKeys, type KeyChange } from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { describe, expect, it } from 'vitest';
import { withRedisChangeFeed } from './redis-change-feed.js';
import { testPrefix, testRedisUrl } from './test-redis.js';

const url = await testRedisUrl();

describe.skipIf(url === null)('withRedisChangeFeed (real Redis pub/sub)', () => {
  it('tells a second server about a revoke, so its cached key is refused at once', async () => {
    const channel = `${testPrefix()}changes`;
    // One shared store without a feed of its own; two servers, each with its own connections.
    const shared = createMemoryStorage();
    const { subscribe: _none, ...plain } = shared;
    const a = withRedisChangeFeed(plain as typeof shared, { connection: url!, channel });
    const b = withRedisChangeFeed(plain as typeof shared, { connection: url!, channel });
    const heard: KeyChange[] = [];
    let heardRevoke: () => void = () => {};
    const revoked = new Promise<void>((resolve) => {
      heardRevoke = resolve;
    });
    await b.subscribe?.((change) => {
      heard.push(change);
      heardRevoke();
    });
    const serverA = createKeys({ storage: a });
    const serverB = createKeys({ storage: b, cache: { ttlMs: 60_000 } });
    const actor = { userId: 'u', role: 'owner' } as const;
    const { key, secret } = await serverA.create({
      accountId: 'acct_1',
      actor,
      name: 'worker',
      preset: 'full-access',
    });
    const request = {
      authorization: `Bearer ${secret}`,
      ip: '203.0.113.1',
      method: 'GET',
      path: '/v1/status',
    };
    expect(await serverB.verify(request)).toMatchObject({ ok: true }); // now cached on B
    await serverA.revoke({ accountId: 'acct_1', actor, keyId: key.id });
    await revoked;
    // B's verifier subscribed too; give its listener the same message turn.
    for (let i = 0; i < 50 && (await serverB.verify(request)).ok; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(heard).toEqual([
      { type: 'revoked', keyId: key.id, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(await serverB.verify(request)).toMatchObject({ ok: false, status: 401 });
    await Promise.all([serverA.close(), serverB.close()]);
    await Promise.all([a.close(), b.close()]);
  });

  it('ignores a malformed message on the channel', async () => {
    const channel = `${testPrefix()}changes`;
    const feed = withRedisChangeFeed(createMemoryStorage(), { connection: url!, channel });
    const heard: unknown[] = [];
    let heardValid: () => void = () => {};
    const valid = new Promise<void>((resolve) => {
      heardValid = resolve;
    });
    await feed.subscribe?.((change) => {
      heard.push(change);
      heardValid();
    });
    const other = withRedisChangeFeed(createMemoryStorage(), { connection: url!, channel });
    const { Redis } = await import('ioredis');
    const raw = new Redis(url!);
    await raw.publish(channel, 'not json');
    await raw.publish(channel, JSON.stringify({ type: 'revoked' }));
    // Pub/sub keeps order: once this one is heard, the two before it were seen and dropped.
    const good = { type: 'deleted', keyId: 'key_1', hash: 'a'.repeat(64) };
    await raw.publish(channel, JSON.stringify(good));
    await valid;
    await raw.quit();
    expect(heard).toEqual([good]);
    await Promise.all([feed.close(), other.close()]);
  });
});
