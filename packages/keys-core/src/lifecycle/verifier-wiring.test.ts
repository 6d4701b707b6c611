import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, HOUR, OWNER, T0, testEngine } from '../test-support/test-engine.js';
import { caught } from '../testing/fixtures.js';
import { createVerifier, type Verifier } from '../verify/verifier.js';
import { DEFAULT_LOG_RETENTION_MS } from './options.js';

// The engine's side of the contract with the verifier, with a fake verifier.
vi.mock('../verify/verifier.js', () => ({ createVerifier: vi.fn() }));

let fake: { [K in keyof Verifier]: ReturnType<typeof vi.fn> };

beforeEach(() => {
  fake = {
    verify: vi.fn(async () => ({ ok: true, scope: 'x', key: {} })),
    invalidate: vi.fn(),
    flush: vi.fn(async () => {}),
    close: vi.fn(async () => {}),
  };
  vi.mocked(createVerifier).mockReturnValue(fake as unknown as Verifier);
});

const ref = (keyId: string) => ({ accountId: ACCOUNT, actor: OWNER, keyId });

async function hashOf(engine: ReturnType<typeof testEngine>, keyId: string) {
  return (await engine.storage.findKey(ACCOUNT, keyId))!.hash;
}

describe('createKeys and its verifier', () => {
  it('builds the verifier from its own validated options', () => {
    const onError = vi.fn();
    const engine = testEngine({
      prefix: 'sk_live_',
      cache: { ttlMs: 500 },
      lastUsedIntervalMs: 1000,
      onError,
    });
    expect(createVerifier).toHaveBeenCalledWith({
      storage: engine.storage,
      storageTimeoutMs: 2000,
      policy: engine.keys.policy,
      clock: engine.clock.now,
      prefix: 'sk_live_',
      cache: { ttlMs: 500 },
      lastUsedIntervalMs: 1000,
      onError,
    });
  });

  it('delegates verify', async () => {
    const input = {
      authorization: 'Bearer x',
      ip: '203.0.113.1',
      method: 'GET',
      path: '/v1/status',
    };
    const result = await testEngine().keys.verify(input);
    expect(fake.verify).toHaveBeenCalledWith(input);
    expect(result).toEqual({ ok: true, scope: 'x', key: {} });
  });

  it('invalidates the revoked key', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.revoke(ref(key.id));
    expect(fake.invalidate).toHaveBeenCalledExactlyOnceWith(await hashOf(engine, key.id));
  });

  it('invalidates the old key of a rotation', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.rotate(ref(key.id));
    expect(fake.invalidate).toHaveBeenCalledExactlyOnceWith(await hashOf(engine, key.id));
  });

  it('invalidates the deleted key', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const hash = await hashOf(engine, key.id);
    await engine.keys.delete(ref(key.id));
    expect(fake.invalidate).toHaveBeenCalledExactlyOnceWith(hash);
  });

  it('invalidates nothing on create or on a refused write', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.revoke(ref(key.id));
    fake.invalidate.mockClear();
    await caught(() => engine.keys.revoke(ref(key.id)));
    await caught(() => engine.keys.rotate(ref(key.id)));
    expect(fake.invalidate).not.toHaveBeenCalled();
  });

  it('delegates flush', async () => {
    await testEngine().keys.flush();
    expect(fake.flush).toHaveBeenCalledOnce();
  });

  it('closes the verifier once, and never the storage it was given', async () => {
    const storage = createMemoryStorage();
    const closeStorage = vi.spyOn(storage, 'close');
    const { keys } = testEngine({ storage });
    await Promise.all([keys.close(), keys.close()]);
    await keys.close();
    expect(fake.close).toHaveBeenCalledOnce();
    expect(closeStorage).not.toHaveBeenCalled();
  });

  it('purges usage logs older than 30 days by default', async () => {
    const engine = testEngine();
    const purge = vi.spyOn(engine.storage, 'purgeUsageLogs');
    await engine.keys.purgeLogs();
    expect(purge).toHaveBeenCalledWith(T0 - DEFAULT_LOG_RETENTION_MS);
    expect(DEFAULT_LOG_RETENTION_MS).toBe(30 * 24 * HOUR);
  });

  it('purges with the configured retention, at the current time', async () => {
    const engine = testEngine({ logRetentionMs: HOUR });
    const purge = vi.spyOn(engine.storage, 'purgeUsageLogs');
    engine.clock.advance(5 * HOUR);
    await engine.keys.purgeLogs();
    expect(purge).toHaveBeenCalledWith(T0 + 4 * HOUR);
  });
});
