/**
 * Exact usage counters: every request of an identified key is counted in memory, per key, per
 * minute, per outcome and BSE code, and the counts are upserted (added) in small batches:
 * a handful of rows per key per minute whatever the traffic, so that counting never falls
 * behind, unlike the raw log rows. A request whose raw row could not be stored is still counted
 * here, and also as "not itemised", so the usage read says how many requests the logs miss.
 *
 * Nothing is dropped: a failed write is reported and its counts are merged into the next one.
 * One write at a time: an upsert adds, so two racing writes are fine, but a write that is slow
 * (a held lock) must not be joined by more that pile up behind it.
 */
import type { StorageAdapter } from '../storage/adapter.js';
import type { UsageCounter, UsageOutcome } from '../types.js';
import type { Scheduler } from './scheduler.js';

/** Default interval between two counter writes (6 small upserts per key per minute at most). */
export const DEFAULT_USAGE_FLUSH_INTERVAL_MS = 10_000;

const MINUTE_MS = 60_000;

export interface UsageCounters {
  /** Counts one request; `itemised` is false when its raw row will not be stored. */
  count(
    keyId: string,
    accountId: string,
    at: number,
    outcome: UsageOutcome,
    code: string | null,
    itemised: boolean,
  ): void;
  /** Marks `n` requests already counted as not itemised (their raw rows failed to store). */
  notItemised(
    keyId: string,
    accountId: string,
    at: number,
    outcome: UsageOutcome,
    code: string | null,
    n: number,
  ): void;
  /** Writes what is counted; resolves when every write started so far has settled. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface UsageCountersOptions {
  storage: Pick<StorageAdapter, 'addUsageCounts'>;
  schedule: Scheduler;
  onError: (error: unknown) => void;
  /** @default 10000 */
  flushIntervalMs?: number;
}

/** One key's counts in its current minute. Successes are kept apart: they are most requests. */
interface Tally {
  readonly keyId: string;
  readonly accountId: string;
  minute: number;
  success: number;
  successLost: number;
  /** Refusals by `outcome + ' ' + code`, made on the first refusal. */
  refusals: Map<string, UsageCounter> | null;
  /** Counted since the last write (a tally idle for a whole interval is forgotten). */
  touched: boolean;
}

export function createUsageCounters(options: UsageCountersOptions): UsageCounters {
  const { storage, schedule, onError } = options;
  const intervalMs = options.flushIntervalMs ?? DEFAULT_USAGE_FLUSH_INTERVAL_MS;
  const tallies = new Map<string, Tally>();
  // Counters of minutes already left behind, and of failed writes, waiting for the next write.
  let pending: UsageCounter[] = [];
  let cancel: (() => void) | null = null;
  const inFlight = new Set<Promise<void>>();

  function tallyOf(keyId: string, accountId: string, minute: number): Tally {
    let tally = tallies.get(keyId);
    if (tally === undefined) {
      tally = {
        keyId,
        accountId,
        minute,
        success: 0,
        successLost: 0,
        refusals: null,
        touched: true,
      };
      tallies.set(keyId, tally);
    } else if (tally.minute !== minute) {
      close(tally);
      tally.minute = minute;
    }
    tally.touched = true;
    if (cancel === null) cancel = schedule(timerWrite, intervalMs);
    return tally;
  }

  /** Moves a tally's counts to `pending` and zeroes it. */
  function close(tally: Tally): void {
    if (tally.success > 0 || tally.successLost > 0) {
      pending.push({
        keyId: tally.keyId,
        accountId: tally.accountId,
        minute: tally.minute,
        outcome: 'success',
        code: '',
        count: tally.success,
        notItemised: tally.successLost,
      });
      tally.success = 0;
      tally.successLost = 0;
    }
    if (tally.refusals !== null) {
      for (const counter of tally.refusals.values()) pending.push(counter);
      tally.refusals = null;
    }
  }

  function refusal(tally: Tally, outcome: UsageOutcome, code: string | null): UsageCounter {
    const cell = `${outcome} ${code ?? ''}`;
    tally.refusals ??= new Map();
    let counter = tally.refusals.get(cell);
    if (counter === undefined) {
      counter = {
        keyId: tally.keyId,
        accountId: tally.accountId,
        minute: tally.minute,
        outcome,
        code: code ?? '',
        count: 0,
        notItemised: 0,
      };
      tally.refusals.set(cell, counter);
    }
    return counter;
  }

  function timerWrite(): void {
    cancel = null;
    write();
  }

  function write(): void {
    if (inFlight.size > 0) {
      // The write in flight schedules the next one when it settles.
      return;
    }
    for (const [keyId, tally] of tallies) {
      if (!tally.touched) tallies.delete(keyId);
      else {
        close(tally);
        tally.touched = false;
      }
    }
    if (pending.length === 0) return;
    const counters = pending;
    pending = [];
    const done = Promise.resolve()
      .then(() => storage.addUsageCounts(counters))
      .then(
        () => undefined,
        (error: unknown) => {
          // Kept, never dropped: the next write sends these counts again.
          pending.push(...counters);
          if (cancel === null) cancel = schedule(timerWrite, intervalMs);
          onError(error);
        },
      )
      .finally(() => {
        inFlight.delete(done);
        if (pending.length > 0 && cancel === null) cancel = schedule(timerWrite, intervalMs);
      });
    inFlight.add(done);
  }

  /** Waits for the write in flight, then writes everything counted and waits for that. */
  async function flush(): Promise<void> {
    cancel?.();
    cancel = null;
    await Promise.all(inFlight);
    write();
    await Promise.all(inFlight);
  }

  return {
    count(keyId, accountId, at, outcome, code, itemised) {
      const tally = tallyOf(keyId, accountId, Math.floor(at / MINUTE_MS) * MINUTE_MS);
      if (outcome === 'success' && code === null) {
        tally.success++;
        if (!itemised) tally.successLost++;
        return;
      }
      const counter = refusal(tally, outcome, code);
      counter.count++;
      if (!itemised) counter.notItemised++;
    },
    notItemised(keyId, accountId, at, outcome, code, n) {
      pending.push({
        keyId,
        accountId,
        minute: Math.floor(at / MINUTE_MS) * MINUTE_MS,
        outcome,
        code: code ?? '',
        count: 0,
        notItemised: n,
      });
      if (cancel === null) cancel = schedule(timerWrite, intervalMs);
    },
    flush,
    close: flush,
  };
}
