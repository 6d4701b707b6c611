import { describe, expect, it } from 'vitest';
import { makeAuditEvent, makeStoredKey, makeUsageLog, T0 } from '../testing/fixtures.js';
import { makeUsageCounter } from '../testing/usage-suite.js';
import { describeStorageAdapter } from '../testing.js';
import { createMemoryStorage } from './memory-adapter.js';
import { DEFAULT_MEMORY_LOG_WINDOW } from './memory-usage.js';

describeStorageAdapter('memory', () => ({ storage: createMemoryStorage() }));

describe('memory storage: bounded usage', () => {
  async function withKey(maxUsageLogs?: number) {
    const storage = createMemoryStorage(maxUsageLogs === undefined ? {} : { maxUsageLogs });
    const key = makeStoredKey('acct_window');
    await storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return { storage, key };
  }

  it('keeps only the newest maxUsageLogs raw rows, over all keys', async () => {
    const { storage, key } = await withKey(3);
    const logs = Array.from({ length: 10 }, (_, i) => makeUsageLog(key, { at: T0 + i }));
    for (const log of logs) await storage.appendUsageLogs([log]);
    const kept = await storage.listUsageLogs(key.accountId, key.id);
    expect(kept.map((log) => log.at)).toEqual([T0 + 9, T0 + 8, T0 + 7]);
    expect(await storage.purgeUsageLogs(Number.MAX_SAFE_INTEGER)).toBe(3);
  });

  it('keeps 10,000 rows by default', async () => {
    expect(DEFAULT_MEMORY_LOG_WINDOW).toBe(10_000);
    const { storage, key } = await withKey();
    const batch = Array.from({ length: 1000 }, () => makeUsageLog(key));
    for (let i = 0; i < 11; i++) await storage.appendUsageLogs(batch);
    expect(await storage.purgeUsageLogs(Number.MAX_SAFE_INTEGER)).toBe(10_000);
  });

  it('keeps every counter while forgetting rows: usage stays exact', async () => {
    const { storage, key } = await withKey(1);
    await storage.appendUsageLogs([makeUsageLog(key), makeUsageLog(key)]);
    await storage.addUsageCounts([makeUsageCounter(key, { count: 2 })]);
    expect(await storage.listUsageLogs(key.accountId, key.id)).toHaveLength(1);
    expect(
      await storage.readUsage(key.accountId, { from: 0, to: Number.MAX_SAFE_INTEGER }),
    ).toEqual([{ day: T0, outcome: 'success', count: 2, notItemised: 0 }]);
  });

  it('keeps no raw rows at maxUsageLogs 0', async () => {
    const { storage, key } = await withKey(0);
    await storage.appendUsageLogs([makeUsageLog(key)]);
    expect(await storage.listUsageLogs(key.accountId, key.id)).toEqual([]);
  });
});
