import { describe, expect, it, vi } from 'vitest';
import { isKeysError, KeysError } from '../errors/keys-error.js';
import { generateKey } from '../secret/key.js';
import type { StorageAdapter } from '../storage/adapter.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, OWNER, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode } from '../testing/fixtures.js';

// Record every secret generated, so that the tests can look for it where it must not be.
vi.mock('../secret/key.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../secret/key.js')>();
  return { ...original, generateKey: vi.fn(original.generateKey) };
});

function lastSecret(): string {
  const results = vi.mocked(generateKey).mock.results;
  return results[results.length - 1]?.value as string;
}

/** Memory storage whose `method` throws like a driver that quotes its parameters. */
function breaking(storage: MemoryStorage, method: keyof StorageAdapter): MemoryStorage {
  return {
    ...storage,
    [method]: async (...args: unknown[]) => {
      throw new Error(`connection refused while running ${method}(${JSON.stringify(args)})`);
    },
  };
}

async function failure(
  method: keyof StorageAdapter,
  act: (engine: ReturnType<typeof testEngine>) => Promise<unknown>,
) {
  const healthy = testEngine();
  const { key } = await healthy.create();
  const broken = testEngine({ storage: breaking(healthy.storage, method) }, healthy.clock);
  const error = await caught(() => act(broken));
  return { error, key, healthy };
}

const ref = (keyId: string) => ({ accountId: ACCOUNT, actor: OWNER, keyId });

describe('storage failures', () => {
  it.each([
    ['create', 'insertKey', (e: ReturnType<typeof testEngine>) => e.create()],
    ['list', 'listKeys', (e: ReturnType<typeof testEngine>) => e.keys.list(ref(''))],
    ['audit', 'listAuditEvents', (e: ReturnType<typeof testEngine>) => e.keys.audit(ref(''))],
    ['purgeLogs', 'purgeUsageLogs', (e: ReturnType<typeof testEngine>) => e.keys.purgeLogs()],
  ] as const)('%s surfaces STORAGE_UNAVAILABLE', async (_, method, act) => {
    const { error } = await failure(method, act);
    expect(isKeysErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect(isKeysError(error) && [error.status, error.retryable]).toEqual([503, true]);
  });

  it.each(['rotateKey', 'findKey'] as const)(
    'rotate surfaces STORAGE_UNAVAILABLE when %s fails',
    async (method) => {
      const healthy = testEngine();
      const { key } = await healthy.create();
      const broken = testEngine({ storage: breaking(healthy.storage, method) }, healthy.clock);
      const error = await caught(() => broken.keys.rotate(ref(key.id)));
      expect(isKeysErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    },
  );

  it.each([
    ['revoke', 'updateKey'],
    ['delete', 'deleteKey'],
  ] as const)('%s surfaces STORAGE_UNAVAILABLE and changes nothing', async (operation, method) => {
    const healthy = testEngine();
    const { key } = await healthy.create();
    const broken = testEngine({ storage: breaking(healthy.storage, method) }, healthy.clock);
    const error = await caught(() => broken.keys[operation](ref(key.id)));
    expect(isKeysErrorWithCode(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect(await healthy.keys.get(ref(key.id))).toEqual(key);
  });

  it('keeps the driver error as the cause', async () => {
    const { error } = await failure('insertKey', (e) => e.create());
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(((error as Error).cause as Error).message).toMatch(/connection refused/);
  });

  it('leaks neither the secret nor the hash in the error message', async () => {
    const { error } = await failure('insertKey', (e) => e.create());
    const secret = lastSecret();
    expect(secret).toMatch(/^bye_/);
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toMatch(/[0-9a-f]{64}/);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it('never hands the secret to storage, even when the write fails', async () => {
    const storage = createMemoryStorage();
    const seen: unknown[] = [];
    const spying: MemoryStorage = {
      ...storage,
      insertKey: async (...args) => {
        seen.push(args);
        throw new Error('disk full');
      },
    };
    await caught(() => testEngine({ storage: spying }).create());
    expect(JSON.stringify(seen)).not.toContain(lastSecret());
  });

  it('loses nothing when an insert fails: earlier keys stay, a retry works', async () => {
    const { key, healthy } = await failure('insertKey', (e) => e.create({ name: 'lost' }));
    expect(await healthy.keys.list(ref(''))).toEqual([key]);
    expect(await healthy.keys.audit(ref(''))).toHaveLength(1);
    await healthy.create({ name: 'retry' });
    expect(await healthy.keys.list(ref(''))).toHaveLength(2);
  });

  it('lets a KeysError from the adapter through unchanged', async () => {
    const storage = createMemoryStorage();
    const conflict = new KeysError('CONFLICT', 'duplicate');
    const refusing: MemoryStorage = {
      ...storage,
      insertKey: async () => {
        throw conflict;
      },
    };
    expect(await caught(() => testEngine({ storage: refusing }).create())).toBe(conflict);
  });
});
