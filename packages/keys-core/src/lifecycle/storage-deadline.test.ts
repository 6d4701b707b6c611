import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, MEMBER, OWNER, testEngine } from '../test-support/test-engine.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Memory storage whose `stalled` methods never settle. */
function stallingStorage(...stalled: string[]) {
  const storage = createMemoryStorage();
  return new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property === 'string' && stalled.includes(property)) {
        return () => new Promise(() => undefined);
      }
      return value;
    },
  }) as typeof storage;
}

describe('management operations have a storage deadline', () => {
  it('rejects list with STORAGE_UNAVAILABLE after 2 s of a stuck read', async () => {
    const { keys } = testEngine({ storage: stallingStorage('listKeys') });
    const listing = keys.list({ accountId: ACCOUNT, actor: MEMBER });
    const outcome = expect(listing).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(1999);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
  });

  it('is still waiting one millisecond before the deadline', async () => {
    const { keys } = testEngine({ storage: stallingStorage('listKeys') });
    let settled = false;
    keys.list({ accountId: ACCOUNT, actor: MEMBER }).then(
      () => (settled = true),
      () => (settled = true),
    );
    await vi.advanceTimersByTimeAsync(1999);
    expect(settled).toBe(false);
  });

  it('rejects a stuck revoke with STORAGE_UNAVAILABLE, storageTimeoutMs being its bound', async () => {
    const storage = stallingStorage('updateKey');
    const engine = testEngine({ storage, storageTimeoutMs: 500 });
    const { key } = await engine.create();
    const revoking = engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const outcome = expect(revoking).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(500);
    await outcome;
  });

  it('refuses a negative storageTimeoutMs at start-up', () => {
    expect(() => testEngine({ storageTimeoutMs: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIGURATION' }),
    );
  });
});
