import { describe, expect, it } from 'vitest';
import type { LastUsedStamp } from '../types.js';
import { createLastUsedWriter } from './last-used.js';
import { manualScheduler } from './test-support.js';

function writer() {
  const batches: LastUsedStamp[][] = [];
  const scheduler = manualScheduler();
  const lastUsed = createLastUsedWriter({
    storage: { touchLastUsed: async (stamps) => void batches.push(stamps) },
    intervalMs: 60_000,
    schedule: scheduler.schedule,
    onError: () => {},
  });
  return { lastUsed, batches, scheduler };
}

const byId = (stamps: LastUsedStamp[] | undefined) =>
  Object.fromEntries((stamps ?? []).map((stamp) => [stamp.id, stamp.at]));

describe('createLastUsedWriter', () => {
  it('writes the latest use of each key, whichever key came last', async () => {
    const { lastUsed, batches } = writer();
    lastUsed.record('key_a', 1);
    lastUsed.record('key_a', 2);
    lastUsed.record('key_b', 3);
    lastUsed.record('key_a', 4);
    lastUsed.record('key_b', 5);
    lastUsed.record('key_b', 6);
    await lastUsed.flush();
    expect(batches).toHaveLength(1);
    expect(byId(batches[0])).toEqual({ key_a: 4, key_b: 6 });
  });

  it('starts afresh after a write: a key is written again only when used again', async () => {
    const { lastUsed, batches, scheduler } = writer();
    lastUsed.record('key_a', 1);
    scheduler.run();
    await lastUsed.flush();
    lastUsed.record('key_b', 2);
    await lastUsed.flush();
    lastUsed.record('key_a', 3);
    await lastUsed.flush();
    await lastUsed.flush();
    expect(batches.map(byId)).toEqual([{ key_a: 1 }, { key_b: 2 }, { key_a: 3 }]);
  });

  it('keeps epoch-ms times exactly', async () => {
    const { lastUsed, batches } = writer();
    const at = Date.UTC(2030, 0, 1, 12, 34, 56, 789);
    lastUsed.record('key_a', at);
    await lastUsed.close();
    expect(batches[0]).toEqual([{ id: 'key_a', at }]);
  });
});
