import { describe, expect, it } from 'vitest';
import type { StorageAdapter } from '../storage/adapter.js';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { request, verifierFixture } from './test-support.js';

/**
 * A storage whose named methods hang (never settle) until `recover()`: the stuck calls then
 * stay stuck (a dead TCP path does not come back for the requests it swallowed), new calls
 * answer again.
 */
function stalling() {
  const storage = createMemoryStorage();
  const stalled = new Set<string>();
  const calls: Record<string, number> = {};
  const wrapped = new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls[property] = (calls[property] ?? 0) + 1;
        if (stalled.has(property)) return new Promise(() => undefined);
        return value.apply(target, args);
      };
    },
  }) as typeof storage;
  return {
    storage: wrapped,
    calls,
    stall: (...names: (keyof StorageAdapter)[]) => {
      for (const name of names) stalled.add(name);
    },
    recover: () => stalled.clear(),
  };
}

/** Lets promise callbacks run (no timers involved). */
async function drain(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('storage deadlines in the verifier', () => {
  it('refuses with the retryable storage-unavailable answer once the read outlives its deadline', async () => {
    const faulty = stalling();
    const { verifier, addKey, scheduler } = verifierFixture({ storage: faulty.storage });
    const { secret } = await addKey();
    faulty.stall('findKeyByHash');
    let outcome: unknown;
    const pending = verifier.verify(request(secret)).then((result) => {
      outcome = result;
    });
    await drain();
    expect(outcome).toBeUndefined();
    expect(scheduler.pending).toContain(2000);
    scheduler.run(2000);
    await pending;
    expect(outcome).toMatchObject({
      ok: false,
      status: 503,
      retryable: true,
      reason: 'storage_unavailable',
    });
  });

  it('reports the timeout to onError with the STORAGE_UNAVAILABLE code', async () => {
    const faulty = stalling();
    const { verifier, addKey, scheduler, errors } = verifierFixture({ storage: faulty.storage });
    const { secret } = await addKey();
    faulty.stall('findKeyByHash');
    const pending = verifier.verify(request(secret));
    await drain();
    scheduler.run(2000);
    await pending;
    expect(errors).toContainEqual(expect.objectContaining({ code: 'STORAGE_UNAVAILABLE' }));
  });

  it('drops the in-flight read, so the next request reads again and passes once storage recovers', async () => {
    const faulty = stalling();
    const { verifier, addKey, scheduler } = verifierFixture({ storage: faulty.storage });
    const { secret } = await addKey();
    faulty.stall('findKeyByHash');
    const first = verifier.verify(request(secret));
    await drain();
    scheduler.run(2000);
    await first;
    faulty.recover();
    const second = await verifier.verify(request(secret));
    expect(second.ok).toBe(true);
    expect(faulty.calls.findKeyByHash).toBe(2);
  });

  it('shares one stuck read between concurrent requests and refuses them all at the deadline', async () => {
    const faulty = stalling();
    const { verifier, addKey, scheduler } = verifierFixture({ storage: faulty.storage });
    const { secret } = await addKey();
    faulty.stall('findKeyByHash');
    const all = Promise.all([1, 2, 3].map(() => verifier.verify(request(secret))));
    await drain();
    scheduler.run(2000);
    const results = await all;
    expect(results.map((result) => result.ok)).toEqual([false, false, false]);
    expect(faulty.calls.findKeyByHash).toBe(1);
  });

  it('takes its deadline from storageTimeoutMs', async () => {
    const faulty = stalling();
    const { verifier, addKey, scheduler } = verifierFixture({
      storage: faulty.storage,
      storageTimeoutMs: 250,
    });
    const { secret } = await addKey();
    faulty.stall('findKeyByHash');
    const pending = verifier.verify(request(secret));
    await drain();
    expect(scheduler.pending).toContain(250);
    scheduler.run(250);
    expect((await pending).ok).toBe(false);
  });

  it('sets no deadline when storageTimeoutMs is 0', async () => {
    const faulty = stalling();
    const { verifier, addKey, scheduler } = verifierFixture({
      storage: faulty.storage,
      storageTimeoutMs: 0,
    });
    const { secret } = await addKey();
    faulty.stall('findKeyByHash');
    void verifier.verify(request(secret));
    await drain();
    expect(scheduler.pending).toEqual([]);
  });

  it('never admits a key revoked while its read was stuck: the late answer is ignored', async () => {
    const storage = createMemoryStorage();
    let release: (() => void) | undefined;
    let reads = 0;
    const slow = new Proxy(storage, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'findKeyByHash' || typeof value !== 'function') return value;
        return async (hash: string) => {
          reads++;
          const stale = await value.call(target, hash);
          // The first read holds a copy of the record from before the revocation.
          if (reads === 1) await new Promise<void>((resolve) => (release = resolve));
          return stale;
        };
      },
    }) as typeof storage;
    const { verifier, addKey, scheduler } = verifierFixture({ storage: slow });
    const { secret, record } = await addKey();
    const first = verifier.verify(request(secret));
    await drain();
    scheduler.run(2000);
    expect((await first).ok).toBe(false);
    await storage.updateKey(
      record.accountId,
      record.id,
      record.version,
      { revokedAt: 1 },
      {
        id: 'evt_revoked00000000000000',
        accountId: record.accountId,
        type: 'api_key.revoked',
        at: 1,
        actorId: 'user_owner',
        actorRole: 'owner',
        keyId: record.id,
        keyPrefix: record.prefix,
        keyName: record.name,
        data: {},
      },
    );
    release?.();
    await drain();
    const second = await verifier.verify(request(secret));
    expect(second).toMatchObject({ ok: false, reason: 'revoked' });
  });
});

describe('storage deadlines on close()', () => {
  it('resolves close() when a usage-log write hangs, once the deadline passes', async () => {
    const faulty = stalling();
    const { verifier, addKey, scheduler, errors } = verifierFixture({ storage: faulty.storage });
    const { secret } = await addKey();
    expect((await verifier.verify(request(secret))).ok).toBe(true);
    faulty.stall('appendUsageLogs', 'touchLastUsed');
    let closed = false;
    const closing = verifier.close().then(() => {
      closed = true;
    });
    await drain();
    expect(closed).toBe(false);
    scheduler.run(2000);
    await closing;
    expect(closed).toBe(true);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'STORAGE_UNAVAILABLE' }));
  });

  it('resolves close() when unsubscribing from the change feed hangs', async () => {
    const storage = createMemoryStorage();
    const hanging = new Proxy(storage, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'subscribe' || typeof value !== 'function') return value;
        return async (listener: never) => {
          await value.call(target, listener);
          return () => new Promise<void>(() => undefined);
        };
      },
    }) as typeof storage;
    const { verifier, scheduler } = verifierFixture({ storage: hanging });
    await new Promise<void>((resolve) => setImmediate(resolve));
    const closing = verifier.close();
    await drain();
    scheduler.run(2000);
    await expect(closing).resolves.toBeUndefined();
  });
});
