/**
 * What the memory adapter keeps of usage: every counter (exact, small: a handful of rows per
 * key per minute), and a bounded window of raw log rows. A process that verifies a million
 * requests a second must not keep a million rows a second in its heap: past `maxLogs` rows
 * the oldest are forgotten, as a retention purge would forget them. The counters still hold
 * every request, so usage stays exact while the itemised rows are a recent window.
 */
import type { UsageCounter, UsageLog, UsageQuery, UsageTotal } from '../types.js';
import { copyUsageLog } from './copy.js';

/** Raw usage rows the memory adapter keeps by default (the newest; about 3 MB). */
export const DEFAULT_MEMORY_LOG_WINDOW = 10_000;

const DAY_MS = 86_400_000;

/** The stored counter of one (key, minute, outcome, code). */
interface CounterRow {
  readonly keyId: string;
  readonly accountId: string;
  readonly minute: number;
  readonly outcome: UsageCounter['outcome'];
  count: number;
  notItemised: number;
}

export interface MemoryUsage {
  /** Appends copies of `logs` (already filtered to known keys), forgetting the oldest rows. */
  appendLogs(logs: readonly UsageLog[]): void;
  /** Every row kept, oldest first (the caller filters, sorts and pages). */
  logs(): Iterable<UsageLog>;
  /** The rows of one key, in insertion order (the caller sorts and pages). */
  logsOf(keyId: string): UsageLog[];
  addCounts(counters: readonly UsageCounter[]): void;
  read(accountId: string, query: UsageQuery): UsageTotal[];
  /** Forgets a key's logs and counters. */
  deleteKey(keyId: string): void;
  /** Forgets logs with `at < olderThan` and counters with `minute < olderThan`; returns logs. */
  purge(olderThan: number): number;
}

export function createMemoryUsage(maxLogs: number): MemoryUsage {
  // Insertion order, oldest at `head`: a deque over one array, compacted now and then.
  let window: UsageLog[] = [];
  let head = 0;
  const counters = new Map<string, CounterRow>();

  function live(): UsageLog[] {
    return head === 0 ? window : window.slice(head);
  }

  function keep(rows: UsageLog[]): void {
    window = rows;
    head = 0;
  }

  return {
    appendLogs(logs) {
      if (maxLogs <= 0) return;
      for (const log of logs) window.push(copyUsageLog(log));
      const excess = window.length - head - maxLogs;
      if (excess > 0) {
        // The forgotten rows are released now, not when the array is compacted.
        window.fill(undefined as unknown as UsageLog, head, head + excess);
        head += excess;
      }
      if (head > maxLogs) keep(window.slice(head));
    },

    *logs() {
      for (let i = head; i < window.length; i++) yield window[i]!;
    },

    logsOf(keyId) {
      const rows: UsageLog[] = [];
      for (let i = head; i < window.length; i++) {
        const row = window[i]!;
        if (row.keyId === keyId) rows.push(row);
      }
      return rows;
    },

    addCounts(list) {
      for (const c of list) {
        const id = `${c.keyId}\u0000${c.minute}\u0000${c.outcome}\u0000${c.code}`;
        const row = counters.get(id);
        if (row === undefined) {
          counters.set(id, {
            keyId: c.keyId,
            accountId: c.accountId,
            minute: c.minute,
            outcome: c.outcome,
            count: c.count,
            notItemised: c.notItemised,
          });
        } else {
          row.count += c.count;
          row.notItemised += c.notItemised;
        }
      }
    },

    read(accountId, { keyId, from, to }) {
      const sums = new Map<string, UsageTotal>();
      for (const row of counters.values()) {
        if (row.accountId !== accountId || row.minute < from || row.minute >= to) continue;
        if (keyId !== undefined && row.keyId !== keyId) continue;
        const day = Math.floor(row.minute / DAY_MS) * DAY_MS;
        const id = `${day}\u0000${row.outcome}`;
        const sum = sums.get(id);
        if (sum === undefined) {
          sums.set(id, {
            day,
            outcome: row.outcome,
            count: row.count,
            notItemised: row.notItemised,
          });
        } else {
          sum.count += row.count;
          sum.notItemised += row.notItemised;
        }
      }
      return [...sums.values()];
    },

    deleteKey(keyId) {
      keep(live().filter((row) => row.keyId !== keyId));
      for (const [id, row] of counters) if (row.keyId === keyId) counters.delete(id);
    },

    purge(olderThan) {
      const rows = live();
      const kept = rows.filter((row) => row.at >= olderThan);
      keep(kept);
      for (const [id, row] of counters) if (row.minute < olderThan) counters.delete(id);
      return rows.length - kept.length;
    },
  };
}
