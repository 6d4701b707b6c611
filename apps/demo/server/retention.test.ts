import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { createSqliteStorage } from '@babysea/keys-sqlite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDemo } from './listen.js';
import {
  DEFAULT_LOG_RETENTION_DAYS,
  LOG_PURGE_INTERVAL_MS,
  logRetentionMsFromEnv,
  startLogPurge,
} from './retention.js';
import { DEMO_ACCOUNT_ID } from './session.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 5, 1, 9, 30);
const owner = { userId: 'usr_ada', role: 'primary-owner' } as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('KEYS_LOG_RETENTION_DAYS', () => {
  it('defaults to 30 days when unset or empty', () => {
    expect(DEFAULT_LOG_RETENTION_DAYS).toBe(30);
    expect(logRetentionMsFromEnv(undefined)).toBe(30 * DAY);
    expect(logRetentionMsFromEnv(' ')).toBe(30 * DAY);
  });

  it('reads whole and fractional days', () => {
    expect(logRetentionMsFromEnv('7')).toBe(7 * DAY);
    expect(logRetentionMsFromEnv('0.5')).toBe(DAY / 2);
  });

  it.each(['0', '-3', 'thirty', 'Infinity', '1e300'])(
    'refuses %j, naming the variable',
    (value) => {
      expect(() => logRetentionMsFromEnv(value)).toThrow(/^KEYS_LOG_RETENTION_DAYS must be/);
    },
  );
});

describe('the request-log purge', () => {
  it('deletes a log older than the retention when the demo starts, and keeps a recent one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-retention-'));
    const file = join(dir, 'keys.db');
    let now = T0;
    const clock = () => now;
    try {
      // First run: one request on day 0 and one on day 30, written to the file on close.
      const first = await startDemo({
        storage: createSqliteStorage({ database: file }),
        clock,
        host: '127.0.0.1',
        port: 0,
      });
      const { key, secret } = await first.demo.keys.create({
        accountId: DEMO_ACCOUNT_ID,
        actor: owner,
        name: 'prod-api-worker',
        preset: 'full-access',
      });
      const call = () =>
        fetch(`${first.url}/v1/status`, { headers: { Authorization: `Bearer ${secret}` } });
      expect((await call()).status).toBe(200);
      now = T0 + 30 * DAY;
      expect((await call()).status).toBe(200);
      await first.close();

      // Second run on day 31, default retention (30 days): the day-0 row is gone at start.
      now = T0 + 31 * DAY;
      const purged: number[] = [];
      const second = await startDemo({
        storage: createSqliteStorage({ database: file }),
        clock,
        host: '127.0.0.1',
        port: 0,
        logPurge: { onPurged: (count) => purged.push(count) },
      });
      try {
        expect(purged).toEqual([1]);
        const logs = await second.demo.keys.logs({
          accountId: DEMO_ACCOUNT_ID,
          actor: owner,
          keyId: key.id,
        });
        expect(logs.map((log) => log.at)).toEqual([T0 + 30 * DAY]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes logRetentionMs to the engine (a 1-day retention purges a 2-day-old row)', async () => {
    const storage = createMemoryStorage();
    let now = T0;
    const first = await startDemo({ storage, clock: () => now, host: '127.0.0.1', port: 0 });
    const { secret } = await first.demo.keys.create({
      accountId: DEMO_ACCOUNT_ID,
      actor: owner,
      name: 'short-lived-logs',
      preset: 'full-access',
    });
    await fetch(`${first.url}/v1/status`, { headers: { Authorization: `Bearer ${secret}` } });
    await first.demo.keys.flush();
    // A memory storage survives only within the process: reuse it, without closing it.
    await first.demo.keys.close();

    now = T0 + 2 * DAY;
    const purged: number[] = [];
    const second = await startDemo({
      storage,
      clock: () => now,
      host: '127.0.0.1',
      port: 0,
      keys: { logRetentionMs: DAY },
      logPurge: { onPurged: (count) => purged.push(count) },
    });
    await second.close();
    expect(purged).toEqual([1]);
  });

  it('runs again every hour on an unref’d timer until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const purgeLogs = vi.fn(async () => 0);
    const purge = startLogPurge({ purgeLogs });
    await purge.initial;
    expect(purgeLogs).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);

    await vi.advanceTimersByTimeAsync(LOG_PURGE_INTERVAL_MS);
    expect(purgeLogs).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(LOG_PURGE_INTERVAL_MS);
    expect(purgeLogs).toHaveBeenCalledTimes(3);

    await purge.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3 * LOG_PURGE_INTERVAL_MS);
    expect(purgeLogs).toHaveBeenCalledTimes(3);
  });

  it('does not keep the process alive: the hourly timer is unref’d', async () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const purge = startLogPurge({ purgeLogs: async () => 0 });
    try {
      const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
    } finally {
      await purge.stop();
    }
  });

  it('reports a failed purge and keeps the schedule', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const failure = new Error('database is locked');
    const purgeLogs = vi.fn().mockRejectedValueOnce(failure).mockResolvedValue(4);
    const errors: unknown[] = [];
    const purged: number[] = [];
    const purge = startLogPurge(
      { purgeLogs },
      { onError: (error) => errors.push(error), onPurged: (count) => purged.push(count) },
    );
    await purge.initial;
    await vi.advanceTimersByTimeAsync(LOG_PURGE_INTERVAL_MS);
    await purge.stop();
    expect([errors, purged]).toEqual([[failure], [4]]);
  });

  it('clears the hourly timer when the demo closes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const demo = await startDemo({ storage: createMemoryStorage(), host: '127.0.0.1', port: 0 });
    expect(vi.getTimerCount()).toBe(1);
    await demo.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
