/**
 * Coalesced `Last used` (PRODUCT.md §8): a request only records the time in memory; one timer
 * per interval writes every key used since the last write in one `touchLastUsed` batch. So a
 * key gets at most one write per interval however busy it is, nothing is awaited on the
 * request (better-auth #10921 awaits two UPDATEs per verification), and the stored value lags
 * the truth by at most the interval (default one minute, the spec's tolerance).
 */
import type { StorageAdapter } from '../storage/adapter.js';
import type { LastUsedStamp } from '../types.js';
import type { Scheduler } from './scheduler.js';

/** Default interval between two last-used writes: PRODUCT.md wants it right within a minute. */
export const DEFAULT_LAST_USED_INTERVAL_MS = 60_000;

export interface LastUsedWriter {
  /** Remembers that key `id` was used at `at` (epoch ms). Cheap: one Map write. */
  record(id: string, at: number): void;
  /** Writes what is pending now; resolves when every write started so far has settled. */
  flush(): Promise<void>;
  /** Cancels the timer and writes what is pending. */
  close(): Promise<void>;
}

export function createLastUsedWriter(options: {
  storage: Pick<StorageAdapter, 'touchLastUsed'>;
  intervalMs: number;
  schedule: Scheduler;
  onError: (error: unknown) => void;
}): LastUsedWriter {
  const { storage, intervalMs, schedule, onError } = options;
  let pending = new Map<string, number>();
  // The key used last and when, outside the Map: one caller hammering one key (the common
  // case) then costs a string comparison and a typed-array store per request, not a hashed
  // Map write that boxes an epoch-ms number (too big for a small integer) every time.
  let lastId: string | null = null;
  const lastAt = new Float64Array(1);
  let cancel: (() => void) | null = null;
  const inFlight = new Set<Promise<void>>();

  function settle(): void {
    if (lastId !== null) pending.set(lastId, lastAt[0]!);
    lastId = null;
  }

  function write(): Promise<void> {
    cancel?.();
    cancel = null;
    settle();
    if (pending.size === 0) return Promise.all(inFlight).then(() => undefined);
    const stamps: LastUsedStamp[] = [];
    for (const [id, at] of pending) stamps.push({ id, at });
    pending = new Map();
    // A failed batch is reported and dropped: the next use of those keys records them again.
    const done = Promise.resolve()
      .then(() => storage.touchLastUsed(stamps))
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    return Promise.all(inFlight).then(() => undefined);
  }

  return {
    record(id, at) {
      // The latest call wins; storage keeps the greater of stored and given anyway.
      if (id !== lastId) {
        settle();
        lastId = id;
      }
      lastAt[0] = at;
      if (cancel === null) {
        cancel = schedule(() => {
          cancel = null;
          void write();
        }, intervalMs);
      }
    },
    flush: write,
    close: write,
  };
}
