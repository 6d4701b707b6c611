import { describe, expect, it } from 'vitest';
import type { UsageCounter } from '../types.js';
import { manualScheduler, T0 } from './test-support.js';
import { createUsageCounters } from './usage-counters.js';

const MINUTE = 60_000;

function counters(options: { fail?: () => boolean } = {}) {
  const written: UsageCounter[][] = [];
  const errors: unknown[] = [];
  const scheduler = manualScheduler();
  const usage = createUsageCounters({
    storage: {
      addUsageCounts: async (list) => {
        if (options.fail?.()) throw new Error('down');
        written.push(list);
      },
    },
    schedule: scheduler.schedule,
    onError: (error) => errors.push(error),
  });
  return { usage, written, errors, scheduler };
}

describe('createUsageCounters', () => {
  it('writes one row per key, minute, outcome and code, however many requests', async () => {
    const { usage, written } = counters();
    for (let i = 0; i < 1000; i++) usage.count('key_a', 'acct', T0 + i, 'success', null, true);
    for (let i = 0; i < 3; i++) usage.count('key_a', 'acct', T0, 'scope', 'BSE1003', false);
    usage.count('key_b', 'acct', T0 + MINUTE, 'success', null, false);
    await usage.flush();
    expect(written.flat()).toEqual(
      expect.arrayContaining([
        {
          keyId: 'key_a',
          accountId: 'acct',
          minute: T0,
          outcome: 'success',
          code: '',
          count: 1000,
          notItemised: 0,
        },
        {
          keyId: 'key_a',
          accountId: 'acct',
          minute: T0,
          outcome: 'scope',
          code: 'BSE1003',
          count: 3,
          notItemised: 3,
        },
        {
          keyId: 'key_b',
          accountId: 'acct',
          minute: T0 + MINUTE,
          outcome: 'success',
          code: '',
          count: 1,
          notItemised: 1,
        },
      ]),
    );
    expect(written.flat()).toHaveLength(3);
  });

  it('closes a minute when the next one starts, and writes deltas only', async () => {
    const { usage, written } = counters();
    usage.count('key_a', 'acct', T0, 'success', null, true);
    usage.count('key_a', 'acct', T0 + MINUTE + 1, 'success', null, true);
    await usage.flush();
    usage.count('key_a', 'acct', T0 + MINUTE + 2, 'success', null, true);
    await usage.flush();
    await usage.flush(); // nothing new: nothing written
    expect(written.map((batch) => batch.map((c) => [c.minute, c.count]))).toEqual([
      [
        [T0, 1],
        [T0 + MINUTE, 1],
      ],
      [[T0 + MINUTE, 1]],
    ]);
  });

  it('writes on its timer, not per request', async () => {
    const { usage, written, scheduler } = counters();
    usage.count('key_a', 'acct', T0, 'success', null, true);
    usage.count('key_a', 'acct', T0, 'success', null, true);
    expect(scheduler.pending).toEqual([10_000]);
    scheduler.run();
    await usage.flush();
    expect(written.flat().map((c) => c.count)).toEqual([2]);
  });

  it('keeps the counts of a failed write and sends them with the next one', async () => {
    let down = true;
    const { usage, written, errors } = counters({ fail: () => down });
    usage.count('key_a', 'acct', T0, 'success', null, true);
    await usage.flush();
    expect(errors).toHaveLength(1);
    down = false;
    usage.count('key_a', 'acct', T0, 'success', null, true);
    await usage.flush();
    const total = written.flat().reduce((n, c) => n + c.count, 0);
    expect(total).toBe(2);
  });

  it('adds not-itemised deltas for requests already counted', async () => {
    const { usage, written } = counters();
    usage.notItemised('key_a', 'acct', T0 + 5, 'success', null, 7);
    await usage.flush();
    expect(written.flat()).toEqual([
      {
        keyId: 'key_a',
        accountId: 'acct',
        minute: T0,
        outcome: 'success',
        code: '',
        count: 0,
        notItemised: 7,
      },
    ]);
  });
});
