import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import type { UsageLog } from '../types.js';
import { manualScheduler } from './test-support.js';
import { createUsageLogWriter } from './usage-log.js';

function writer(options: { batchSize?: number; maxBuffered?: number; fail?: boolean } = {}) {
  const written: UsageLog[][] = [];
  const errors: unknown[] = [];
  const scheduler = manualScheduler();
  const usage = createUsageLogWriter({
    storage: {
      appendUsageLogs: async (logs) => {
        if (options.fail) throw new Error('down');
        written.push(logs);
      },
    },
    keyPrefix: 'bye_',
    schedule: scheduler.schedule,
    onError: (error) => errors.push(error),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.maxBuffered ? { maxBuffered: options.maxBuffered } : {}),
  });
  const row = (at = 1) =>
    usage.record(
      at,
      'key_1',
      'acct_1',
      'GET',
      '/v1/status',
      'page=1',
      200,
      null,
      '203.0.113.1',
      'ua',
    );
  return { usage, written, errors, scheduler, row };
}

describe('createUsageLogWriter', () => {
  it('gives every row a unique log_ id of 24 base62 characters', async () => {
    const { usage, written, row } = writer();
    for (let i = 0; i < 300; i++) row();
    await usage.flush();
    const ids = written.flat().map((log) => log.id);
    expect(new Set(ids).size).toBe(300);
    for (const id of ids) expect(id).toMatch(/^log_[A-Za-z0-9]{24}$/);
  });

  it('starts a write as soon as batchSize rows wait', async () => {
    const { usage, written, row } = writer({ batchSize: 3 });
    row();
    row();
    expect(written).toHaveLength(0);
    row();
    await usage.flush();
    expect(written.map((batch) => batch.length)).toEqual([3]);
  });

  it('writes on the timer when fewer rows wait', async () => {
    const { usage, written, row, scheduler } = writer();
    row();
    scheduler.run();
    await usage.flush();
    expect(written).toHaveLength(1);
  });

  it('drops rows beyond maxBuffered and reports how many', async () => {
    const { usage, written, errors, row } = writer({ batchSize: 100, maxBuffered: 2 });
    for (let i = 0; i < 5; i++) row();
    await usage.flush();
    expect(written.flat()).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(isKeysError(errors[0]) && errors[0].message).toContain('dropped 3');
  });

  it('reports a failed write and never rejects', async () => {
    const { usage, errors, row } = writer({ fail: true });
    row();
    await expect(usage.flush()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
  });
});
