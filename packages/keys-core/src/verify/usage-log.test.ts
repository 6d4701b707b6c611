import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { sha256Hex } from '../secret/hash.js';
import type { UsageLog } from '../types.js';
import { createIpHasher } from './ip-hash.js';
import { manualScheduler } from './test-support.js';
import { createUsageCounters, type UsageCounters } from './usage-counters.js';
import type { UsageEvent } from './usage-event.js';
import { createUsageLogWriter } from './usage-log.js';

/** Counters that only sum what they are told (their own tests are in usage-counters.test.ts). */
function tally() {
  const sums = { counted: 0, itemised: 0, notItemised: 0 };
  const counters: UsageCounters = {
    count: (_k, _a, _at, _o, _c, itemised) => {
      sums.counted++;
      if (itemised) sums.itemised++;
      else sums.notItemised++;
    },
    notItemised: (_k, _a, _at, _o, _c, n) => {
      sums.itemised -= n;
      sums.notItemised += n;
    },
    flush: async () => {},
    close: async () => {},
  };
  return { counters, sums };
}

/** An event of key_1; `overrides` win. */
function event(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    at: 1,
    keyId: 'key_1',
    accountId: 'acct_1',
    method: 'GET',
    path: '/v1/status',
    query: 'page=1',
    status: 200,
    code: null,
    outcome: 'success',
    ip: '203.0.113.1',
    userAgent: 'ua',
    ...overrides,
  };
}

function writer(options: { batchSize?: number; maxBuffered?: number; fail?: boolean } = {}) {
  const written: UsageLog[][] = [];
  const errors: unknown[] = [];
  const scheduler = manualScheduler();
  const { counters, sums } = tally();
  const usage = createUsageLogWriter({
    counters,
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
  const row = (at = 1) => usage.record(event({ at }));
  return { usage, written, errors, scheduler, row, sums };
}

const SECRET = 'a-deployment-secret-for-tests';
const keyed = (ip: string) => bytesToHex(hmac(sha256, utf8ToBytes(SECRET), utf8ToBytes(ip)));

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

  it('keeps no row beyond maxBuffered, counts those as not itemised and reports how many', async () => {
    const { usage, written, errors, row, sums } = writer({ batchSize: 100, maxBuffered: 2 });
    for (let i = 0; i < 5; i++) row();
    await usage.flush();
    expect(written.flat()).toHaveLength(2);
    expect(sums).toEqual({ counted: 5, itemised: 2, notItemised: 3 });
    expect(errors).toHaveLength(1);
    expect(isKeysError(errors[0]) && errors[0].message).toContain(
      '3 requests counted but not itemised',
    );
  });

  it('reports a failed write, never rejects, and counts its rows as not itemised', async () => {
    const { usage, errors, row, sums } = writer({ fail: true });
    row();
    row();
    await expect(usage.flush()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(sums).toEqual({ counted: 2, itemised: 0, notItemised: 2 });
  });

  it('copies the event: a caller may reuse one object for every request', async () => {
    const { usage, written } = writer();
    const reused = event();
    usage.record(reused);
    reused.keyId = 'key_2';
    reused.path = '/v1/other';
    usage.record(reused);
    await usage.flush();
    expect(written.flat().map((log) => [log.keyId, log.endpoint])).toEqual([
      ['key_1', '/v1/status'],
      ['key_2', '/v1/other'],
    ]);
  });

  it('counts every request exactly with real counters when storage is slower than traffic', async () => {
    const stored: UsageLog[] = [];
    const sums = new Map<string, { count: number; notItemised: number }>();
    const release: (() => void)[] = [];
    const counters = createUsageCounters({
      storage: {
        addUsageCounts: async (list) => {
          for (const c of list) {
            const sum = sums.get(c.outcome) ?? { count: 0, notItemised: 0 };
            sum.count += c.count;
            sum.notItemised += c.notItemised;
            sums.set(c.outcome, sum);
          }
        },
      },
      schedule: manualScheduler().schedule,
      onError: () => {},
    });
    const usage = createUsageLogWriter({
      counters,
      storage: {
        // Each write waits until the test lets it finish: the store takes rows slowly.
        appendUsageLogs: (logs) =>
          new Promise<void>((resolve) => {
            release.push(() => {
              stored.push(...logs);
              resolve();
            });
          }),
      },
      keyPrefix: 'bye_',
      schedule: manualScheduler().schedule,
      onError: () => {},
      batchSize: 8,
      maxBuffered: 50,
    });
    const requests = 1000;
    for (let i = 0; i < requests; i++) {
      usage.record(
        i % 7 === 0
          ? event({ at: i, status: 403, code: 'BSE1003', outcome: 'scope' })
          : event({ at: i }),
      );
    }
    let settled = false;
    const flushed = usage.flush().then(() => {
      settled = true;
    });
    // Let the waiting writes finish, a few at a time, until the flush has settled (bounded).
    for (let round = 0; round < 100 && !settled; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const done of release.splice(0)) done();
    }
    await flushed;
    await counters.flush();
    const counted = [...sums.values()].reduce((n, s) => n + s.count, 0);
    const notItemised = [...sums.values()].reduce((n, s) => n + s.notItemised, 0);
    expect(counted).toBe(requests);
    expect(stored.length).toBeLessThan(requests);
    expect(stored.length + notItemised).toBe(requests);
    expect(sums.get('scope')?.count).toBe(Math.ceil(requests / 7));
  });

  it('keeps every row its own facts across reused buffers and repeated clients', async () => {
    const written: UsageLog[][] = [];
    const usage = createUsageLogWriter({
      counters: tally().counters,
      storage: { appendUsageLogs: async (logs) => void written.push(logs) },
      keyPrefix: 'bye_',
      schedule: manualScheduler().schedule,
      onError: () => {},
      batchSize: 3,
      ipHasher: createIpHasher({ storage: {}, secret: SECRET, onError: () => {} }),
    });
    const at = 1_900_000_000_000; // an epoch-ms time, far beyond a small integer
    const ips = ['203.0.113.1', '203.0.113.1', '2001:db8::1', '203.0.113.1', undefined];
    const queries = ['a=1', 'a=1', 'token=x', undefined, 'a=1'];
    for (const [i, ip] of ips.entries()) {
      usage.record(
        event({
          at: at + i,
          keyId: `key_${i}`,
          path: `/v1/p${i}`,
          query: queries[i],
          status: i === 2 ? 403 : 200,
          code: i === 2 ? 'BSE1003' : null,
          outcome: i === 2 ? 'scope' : 'success',
          ip,
          userAgent: i === 4 ? null : `ua${i}`,
        }),
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
      keyed('203.0.113.1'),
      keyed('203.0.113.1'),
      keyed('2001:db8::1'),
      keyed('203.0.113.1'),
      keyed(''),
    ]);
    // Keyed: never the plain SHA-256 anyone could compute for every IPv4 address.
    expect(rows[0]!.ipHash).not.toBe(sha256Hex('203.0.113.1'));
    expect(rows.map((row) => row.userAgent)).toEqual(['ua0', 'ua1', 'ua2', 'ua3', null]);
    expect(new Set(rows.map((row) => row.id)).size).toBe(5);
  });

  it('buffers past a batch while four writes are in flight, and loses no row', async () => {
    const written: UsageLog[][] = [];
    const pending: (() => void)[] = [];
    const usage = createUsageLogWriter({
      counters: tally().counters,
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
    const row = (i: number) => usage.record(event({ at: i, query: undefined, ip: null }));
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
