import { describe, expect, it } from 'vitest';
import { createKeys } from '../lifecycle/create-keys.js';
import { generateKey } from '../secret/key.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, OWNER, testEngine } from '../test-support/test-engine.js';
import { eventFor, instrument, request, settle, verifierFixture } from './test-support.js';
import { DEFAULT_CACHE_TTL_MS } from './verifier.js';

describe('verify › cache', () => {
  it('reads storage again once the entry is older than ttlMs', async () => {
    const { verifier, addKey, calls, clock } = verifierFixture({ cache: { ttlMs: 1000 } });
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    clock.now += 1000;
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(2);
  });

  it('caches nothing by default when the storage has no change feed', async () => {
    const storage = createMemoryStorage();
    const { verifier, addKey, calls } = verifierFixture({
      storage: Object.assign(Object.create(storage), { subscribe: undefined }),
    });
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(2);
  });

  it('never holds more than maxEntries known keys', async () => {
    const { verifier, addKey, calls } = verifierFixture({ cache: { maxEntries: 2 } });
    const a = await addKey();
    const b = await addKey();
    const c = await addKey();
    for (const { secret } of [a, b, c]) await verifier.verify(request(secret));
    await verifier.verify(request(a.secret)); // evicted by c: read again
    await verifier.verify(request(c.secret)); // still cached
    expect(calls.findKeyByHash).toBe(4);
  });

  it('shares one read between concurrent misses on the same key', async () => {
    const { verifier, addKey, calls } = verifierFixture();
    const { secret } = await addKey();
    const results = await Promise.all([1, 2, 3].map(() => verifier.verify(request(secret))));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(calls.findKeyByHash).toBe(1);
  });

  it('invalidate(hash) drops the entry at once', async () => {
    const { verifier, addKey, storage, calls } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret));
    await storage.updateKey(
      record.accountId,
      record.id,
      1,
      { revokedAt: 1 },
      eventFor(record, 'api_key.revoked'),
    );
    verifier.invalidate(record.hash);
    expect(await verifier.verify(request(secret))).toMatchObject({ reason: 'revoked' });
    expect(calls.findKeyByHash).toBe(2);
  });

  it('does not cache a record read across an invalidation (it may predate the change)', async () => {
    const { verifier, addKey, calls } = verifierFixture();
    const { secret, record } = await addKey();
    const inFlight = verifier.verify(request(secret));
    verifier.invalidate(record.hash);
    await inFlight;
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(2);
  });
});

describe('verify › change-feed subscription', () => {
  it('unsubscribes even when close() comes before the subscription has resolved', async () => {
    const storage = createMemoryStorage();
    let unsubscribed = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const subscribe = storage.subscribe.bind(storage);
    storage.subscribe = async (listener) => {
      await gate;
      const stop = await subscribe(listener);
      return async () => {
        unsubscribed++;
        await stop();
      };
    };
    const { verifier } = verifierFixture({ storage });
    await verifier.close();
    release();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(unsubscribed).toBe(1);
  });

  it('reports a failing subscription through onError', async () => {
    const storage = createMemoryStorage();
    storage.subscribe = async () => {
      throw new Error('LISTEN failed');
    };
    const { errors } = verifierFixture({ storage });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(1);
  });
});

describe('verify › the default cache waits for the change feed', () => {
  /** A second engine on `base`'s data whose own change feed is `subscribe`. */
  function sharedEngine(base: MemoryStorage, subscribe: MemoryStorage['subscribe']) {
    const storage = Object.assign(Object.create(base) as MemoryStorage, { subscribe });
    const errors: unknown[] = [];
    const engine = testEngine({ storage, onError: (error) => errors.push(error) });
    return { engine, errors };
  }

  it('pins the default TTL at 30 s', () => {
    expect(DEFAULT_CACHE_TTL_MS).toBe(30_000);
  });

  it('caches for 30 s by default once subscribed: read again at 30 s, not before', async () => {
    const { verifier, addKey, calls, clock } = verifierFixture();
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    clock.now += DEFAULT_CACHE_TTL_MS - 1;
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(1);
    clock.now += 1;
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(2);
  });

  it('a subscribe that never resolves: nothing is cached, a key revoked elsewhere is refused on the next request', async () => {
    const a = testEngine();
    const { engine: b } = sharedEngine(a.storage, () => new Promise(() => {}));
    const { key, secret } = await a.create();
    await settle();
    expect((await b.keys.verify(request(secret))).ok).toBe(true);
    await a.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(await b.keys.verify(request(secret))).toMatchObject({ code: 'BSE1002' });
  });

  it('a subscribe that rejects: reported to onError, nothing cached, a key revoked elsewhere is refused on the next request', async () => {
    const a = testEngine();
    const { engine: b, errors } = sharedEngine(a.storage, async () => {
      throw new Error('LISTEN failed');
    });
    const { key, secret } = await a.create();
    await settle();
    expect(errors).toEqual([expect.objectContaining({ message: 'LISTEN failed' })]);
    expect((await b.keys.verify(request(secret))).ok).toBe(true);
    await a.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(await b.keys.verify(request(secret))).toMatchObject({ code: 'BSE1002' });
  });

  it('starts caching when a late subscription resolves', async () => {
    const storage = createMemoryStorage();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const subscribe = storage.subscribe.bind(storage);
    storage.subscribe = async (listener) => {
      await gate;
      return subscribe(listener);
    };
    const { verifier, addKey, calls } = verifierFixture({ storage });
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(2); // not cached while the feed is down
    release();
    await settle();
    await verifier.verify(request(secret));
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(3); // cached from now on
  });

  it('an explicit cache.ttlMs applies at once, feed or not', async () => {
    const storage = createMemoryStorage();
    storage.subscribe = () => new Promise(() => {});
    const { verifier, addKey, calls } = verifierFixture({ storage, cache: { ttlMs: 1000 } });
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(1);
  });
});

describe('verify › unknown hashes', () => {
  it('remembers an unknown hash: a repeated random key costs one read', async () => {
    const { verifier, calls } = verifierFixture();
    const secret = generateKey('bye_');
    await settle();
    await verifier.verify(request(secret));
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(1);
  });

  it('forgets an unknown hash after a minute', async () => {
    const { verifier, calls, clock } = verifierFixture();
    const secret = generateKey('bye_');
    await verifier.verify(request(secret));
    clock.now += 60_000;
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(2);
  });

  it('keeps at most maxUnknown hashes, however many random keys are tried', async () => {
    const { verifier, calls } = verifierFixture({ cache: { maxUnknown: 3 } });
    const secrets = Array.from({ length: 10 }, () => generateKey('bye_'));
    for (const secret of secrets) await verifier.verify(request(secret));
    await verifier.verify(request(secrets[9]!)); // among the last three: remembered
    await verifier.verify(request(secrets[0]!)); // evicted long ago: read again
    expect(calls.findKeyByHash).toBe(11);
  });
});

describe('verify › revocation is immediate even when cached', () => {
  it('a change-feed event drops the entry in a bare verifier (no invalidate call)', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret));
    await storage.updateKey(
      record.accountId,
      record.id,
      1,
      { revokedAt: 1 },
      eventFor(record, 'api_key.revoked'),
    );
    expect(await verifier.verify(request(secret))).toMatchObject({ reason: 'revoked' });
  });

  it('unsubscribes from the change feed on close', async () => {
    const storage = createMemoryStorage();
    let unsubscribed = 0;
    const subscribe = storage.subscribe.bind(storage);
    storage.subscribe = async (listener) => {
      const stop = await subscribe(listener);
      return async () => {
        unsubscribed++;
        await stop();
      };
    };
    const { verifier } = verifierFixture({ storage });
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    await verifier.close();
    expect(unsubscribed).toBe(1);
  });

  it('reads storage once per verification through createKeys too', async () => {
    const storage = createMemoryStorage();
    const counted = instrument(storage);
    const { secret } = await testEngine({ storage }).create();
    const keys = createKeys({ storage: counted.storage, cache: { ttlMs: 0 } });
    await keys.verify(request(secret));
    expect(counted.calls.findKeyByHash).toBe(1);
  });
});
