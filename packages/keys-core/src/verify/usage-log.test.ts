import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { sha256Hex } from '../secret/hash.js';
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

  it('keeps every row its own facts across reused buffers and repeated clients', async () => {
    const written: UsageLog[][] = [];
    const usage = createUsageLogWriter({
      storage: { appendUsageLogs: async (logs) => void written.push(logs) },
      keyPrefix: 'bye_',
      schedule: manualScheduler().schedule,
      onError: () => {},
      batchSize: 3,
    });
    const at = 1_900_000_000_000; // an epoch-ms time, far beyond a small integer
    const ips = ['203.0.113.1', '203.0.113.1', '2001:db8::1', '203.0.113.1', undefined];
    const queries = ['a=1', 'a=1', 'token=x', undefined, 'a=1'];
    for (const [i, ip] of ips.entries()) {
      usage.record(
        at + i,
        `key_${i}`,
        'acct_1',
        'GET',
        `/v1/p${i}`,
        queries[i],
        i === 2 ? 403 : 200,
        i === 2 ? 'BSE1003' : null,
        ip,
        i === 4 ? null : `ua${i}`,
      );
    }
    await usage.flush();
    expect(written.map((batch) => batch.length)).toEqual([3, 2]);
    const rows = written.flat();
    expect(rows.map((row) => [row.keyId, row.at, row.endpoint, row.status, row.errorCode])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [
        `key_${i}`,
        at + i,
        `/v1/p${i}`,
        i === 2 ? 403 : 200,
        i === 2 ? 'BSE1003' : null,
      ]),
    );
    expect(rows.map((row) => row.query)).toEqual(['a=1', 'a=1', 'token=[REDACTED]', '', 'a=1']);
    expect(rows.map((row) => row.ipHash)).toEqual([
      sha256Hex('203.0.113.1'),
      sha256Hex('203.0.113.1'),
      sha256Hex('2001:db8::1'),
      sha256Hex('203.0.113.1'),
      sha256Hex(''),
    ]);
    expect(rows.map((row) => row.userAgent)).toEqual(['ua0', 'ua1', 'ua2', 'ua3', null]);
    expect(new Set(rows.map((row) => row.id)).size).toBe(5);
  });

  it('buffers past a batch while four writes are in flight, and loses no row', async () => {
    const written: UsageLog[][] = [];
    const pending: (() => void)[] = [];
    const usage = createUsageLogWriter({
      storage: {
        appendUsageLogs: (logs) =>
          new Promise<void>((resolve) => {
            pending.push(() => {
              written.push(logs);
              resolve();
            });
          }),
      },
      keyPrefix: 'bye_',
      schedule: manualScheduler().schedule,
      onError: () => {},
      batchSize: 2,
    });
    const row = (i: number) =>
      usage.record(i, 'key_1', 'acct_1', 'GET', '/v1/status', undefined, 200, null, null, null);
    for (let i = 0; i < 8 + 21; i++) row(i); // 4 batches in flight, then 21 rows wait
    await Promise.resolve();
    expect(pending).toHaveLength(4);
    for (const release of pending.splice(0)) release();
    const flushed = usage.flush();
    await Promise.resolve();
    for (const release of pending.splice(0)) release();
    await flushed;
    expect(written.flat().map((log) => log.at)).toEqual(Array.from({ length: 29 }, (_, i) => i));
  });
});
