import { describe, expect, it } from 'vitest';
import type { StorageAdapter } from '../storage/adapter.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, afterTicks, OWNER, testClock, testEngine } from '../test-support/test-engine.js';
import { isKeysErrorWithCode } from '../testing/fixtures.js';

const ref = (keyId: string) => ({ accountId: ACCOUNT, actor: OWNER, keyId });

/** Two engines (two "servers") over one store. */
function twoEngines(storage = createMemoryStorage()) {
  const clock = testClock();
  return [testEngine({ storage }, clock), testEngine({ storage }, clock)] as const;
}

describe('concurrent rotations', () => {
  it('100 rotations through two engines: one wins, 99 CONFLICT, one replacement', async () => {
    const [a, b] = twoEngines();
    const { key } = await a.create();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).keys.rotate(ref(key.id))),
    );
    const wins = results.filter((result) => result.status === 'fulfilled');
    const losses = results.filter((result) => result.status === 'rejected');
    expect(wins).toHaveLength(1);
    expect(losses.every((loss) => isKeysErrorWithCode(loss.reason, 'CONFLICT'))).toBe(true);
    const listed = await a.keys.list(ref(key.id));
    expect(listed).toHaveLength(2);
    expect(listed.filter((k) => k.rotatedFrom === key.id)).toHaveLength(1);
    const rotations = (await a.keys.audit(ref(key.id))).filter((e) => e.type === 'api_key.rotated');
    expect(rotations).toHaveLength(1);
  });
});

describe('revoke racing rotate', () => {
  /**
   * Runs one race with the revoke delayed by `revokeDelay` microtask turns and the rotation by
   * `rotateDelay`, and checks the end state is one PRODUCT.md §6 allows.
   */
  async function race(revokeDelay: number, rotateDelay: number) {
    const [a, b] = twoEngines();
    const { key } = await a.create();
    const [revoked, rotated] = await Promise.allSettled([
      afterTicks(revokeDelay, () => a.keys.revoke(ref(key.id))),
      afterTicks(rotateDelay, () => b.keys.rotate(ref(key.id))),
    ]);
    const listed = await a.keys.list(ref(key.id));
    const old = listed.find((k) => k.id === key.id)!;
    const replacements = listed.filter((k) => k.rotatedFrom === key.id);

    // The revoke always lands: a Rotated key can be revoked too, and revoke retries on a moved version.
    expect(revoked.status).toBe('fulfilled');
    expect(old.status).toBe('Revoked');
    if (rotated.status === 'fulfilled') {
      // Rotation first: one Active replacement, linked both ways.
      expect(replacements).toHaveLength(1);
      expect(replacements[0]).toMatchObject({ status: 'Active', id: old.replacedBy });
      expect(old.graceEndsAt).not.toBeNull();
    } else {
      // Revoke first: the rotation is refused and nothing was replaced.
      expect(isKeysErrorWithCode(rotated.reason, 'CONFLICT')).toBe(true);
      expect(replacements).toHaveLength(0);
      expect(old.replacedBy).toBeNull();
    }
    return rotated.status;
  }

  it('always ends in a state the spec allows, whatever the interleaving', async () => {
    const outcomes = new Set<string>();
    for (let delay = 0; delay <= 12; delay++) {
      outcomes.add(await race(delay, 0));
      outcomes.add(await race(0, delay));
    }
    // Both orders really happened, so both branches above were checked.
    expect(outcomes).toEqual(new Set(['fulfilled', 'rejected']));
  });
});

describe('bounded compare-and-set retries', () => {
  /** Storage whose version moves (an empty-patch update) just before each CAS of `method`. */
  function churning(storage: MemoryStorage, method: 'rotateKey' | 'updateKey', times: number) {
    let left = times;
    let calls = 0;
    const bump = async (accountId: string, keyId: string) => {
      const key = (await storage.findKey(accountId, keyId))!;
      const event = {
        id: `evt_${calls}`,
        accountId,
        type: 'api_key.revoked',
        at: 0,
        actorId: 'x',
        actorRole: 'owner',
        keyId,
        keyPrefix: '',
        keyName: '',
        data: {},
      } as const;
      await storage.updateKey(accountId, keyId, key.version, {}, event);
    };
    const wrapped: StorageAdapter = {
      ...storage,
      [method]: async (accountId: string, keyId: string, ...rest: unknown[]) => {
        calls++;
        if (left-- > 0) await bump(accountId, keyId);
        return (storage[method] as (...args: unknown[]) => Promise<unknown>)(
          accountId,
          keyId,
          ...rest,
        );
      },
    };
    return { wrapped: wrapped as MemoryStorage, calls: () => calls };
  }

  it.each(['rotate', 'revoke'] as const)(
    '%s retries when the version moved but the key is unchanged',
    async (operation) => {
      const base = testEngine();
      const { key } = await base.create();
      const { wrapped, calls } = churning(
        base.storage,
        operation === 'rotate' ? 'rotateKey' : 'updateKey',
        1,
      );
      const engine = testEngine({ storage: wrapped }, base.clock);
      await engine.keys[operation](ref(key.id));
      expect(calls()).toBe(2);
    },
  );

  it.each(['rotate', 'revoke'] as const)(
    '%s gives up with CONFLICT after 3 attempts',
    async (operation) => {
      const base = testEngine();
      const { key } = await base.create();
      const { wrapped, calls } = churning(
        base.storage,
        operation === 'rotate' ? 'rotateKey' : 'updateKey',
        99,
      );
      const engine = testEngine({ storage: wrapped }, base.clock);
      const error = await (engine.keys[operation](ref(key.id)) as Promise<unknown>).catch(
        (e: unknown) => e,
      );
      expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
      expect(calls()).toBe(3);
    },
  );
});
