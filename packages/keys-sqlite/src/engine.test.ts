import { createKeys, isKeysError, type Keys, type StorageAdapter } from '@babysea/keys-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT, createTestFile, OWNER, request } from './test-files.js';

const DAY = 24 * 60 * 60 * 1000;

describe('sqlite through createKeys', () => {
  let file: ReturnType<typeof createTestFile>;
  let engines: Keys[];
  beforeEach(() => {
    file = createTestFile();
    engines = [];
  });
  afterEach(async () => {
    for (const keys of engines) await keys.close();
    file.cleanup();
  });

  function engine(
    storage: StorageAdapter,
    options: { clock?: () => number; logRetentionMs?: number } = {},
  ) {
    const keys = createKeys({ storage, onError: (error) => console.error(error), ...options });
    engines.push(keys);
    return keys;
  }

  const ref = (keyId: string) => ({ accountId: ACCOUNT, actor: OWNER, keyId });
  const create = (keys: Keys) =>
    keys.create({
      accountId: ACCOUNT,
      actor: OWNER,
      name: 'prod-api-worker',
      preset: 'full-access',
    });

  it('100 concurrent rotations through two engines on two connections make exactly one replacement', async () => {
    const a = engine(file.open());
    const b = engine(file.open());
    const { key } = await create(a);
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).rotate(ref(key.id))),
    );
    const ms = performance.now() - started;
    const wins = results.filter((r) => r.status === 'fulfilled');
    const conflicts = results.filter(
      (r) => r.status === 'rejected' && isKeysError(r.reason) && r.reason.code === 'CONFLICT',
    );
    console.log(
      `[keys-sqlite] rotation race: ${wins.length} replacement, ${conflicts.length} CONFLICT, ` +
        `${results.length - wins.length - conflicts.length} other, in ${ms.toFixed(0)} ms`,
    );
    expect(wins).toHaveLength(1);
    expect(conflicts).toHaveLength(99);
    const listed = await a.list({ accountId: ACCOUNT, actor: OWNER });
    expect(listed.filter((k) => k.rotatedFrom === key.id)).toHaveLength(1);
    const audit = await b.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(audit.filter((e) => e.type === 'api_key.rotated')).toHaveLength(1);
  });

  it('a revoke racing a rotation from another engine always ends in a state the spec allows', async () => {
    const a = engine(file.open());
    const b = engine(file.open());
    for (let round = 0; round < 10; round++) {
      const { key } = await create(a);
      const [revoked, rotated] = await Promise.allSettled([
        a.revoke(ref(key.id)),
        b.rotate(ref(key.id)),
      ]);
      const listed = await a.list({ accountId: ACCOUNT, actor: OWNER });
      const old = listed.find((k) => k.id === key.id)!;
      const replacements = listed.filter((k) => k.rotatedFrom === key.id);
      expect(revoked.status).toBe('fulfilled');
      expect(old.status).toBe('Revoked');
      if (rotated.status === 'fulfilled') {
        expect(replacements.map((k) => [k.id, k.status])).toEqual([[old.replacedBy, 'Active']]);
      } else {
        expect(isKeysError(rotated.reason) && rotated.reason.code).toBe('CONFLICT');
        expect(replacements).toEqual([]);
        expect(old.replacedBy).toBeNull();
      }
    }
  });

  it('writes last-used coalesced: one batch for many verifications', async () => {
    const storage = file.open();
    const keys = engine(storage);
    const first = await create(keys);
    const second = await create(keys);
    const touch = vi.spyOn(storage, 'touchLastUsed');
    for (let i = 0; i < 25; i++) {
      expect((await keys.verify(request(first.secret))).ok).toBe(true);
      expect((await keys.verify(request(second.secret))).ok).toBe(true);
    }
    await keys.flush();
    expect(touch).toHaveBeenCalledTimes(1);
    expect(touch.mock.calls[0]![0]).toHaveLength(2);
    expect((await keys.get(ref(first.key.id))).lastUsedAt).toBeTypeOf('number');
  });

  it('purges the usage logs older than logRetentionMs, and keeps the newer ones', async () => {
    let now = Date.UTC(2030, 0, 1);
    const keys = engine(file.open(), { clock: () => now, logRetentionMs: 7 * DAY });
    const { key, secret } = await create(keys);
    await keys.verify(request(secret));
    await keys.flush();
    now += 7 * DAY + 1;
    await keys.verify(request(secret));
    await keys.flush();
    expect(await keys.purgeLogs()).toBe(1);
    const logs = await keys.logs(ref(key.id));
    expect(logs.map((log) => log.at)).toEqual([now]);
  });
});
