/**
 * The in-process limit store: exact, synchronous, zero configuration. Each process counts
 * alone: with N servers behind a balancer, a limit of L admits up to N × L per window (use
 * `@babysea/keys-redis` to share one count).
 */
import type { LimitBucket, LimitStore, TakeResult, WindowState } from './limit-store.js';

/** A ring of the last `limit` admission times, oldest at `head`. */
interface Window {
  times: Float64Array;
  head: number;
  size: number;
}

/** The in-memory store: every method answers synchronously. */
export interface MemoryLimitStore extends LimitStore {
  take(buckets: readonly LimitBucket[], now: number): TakeResult;
  peek(bucket: LimitBucket, now: number): WindowState;
  record(bucket: LimitBucket, now: number): WindowState;
  acquire(name: string, max: number, leaseMs: number, now: number): string | null;
  release(name: string, lease: string): void;
}

/** Options of {@link createMemoryLimitStore}. */
export interface MemoryLimitStoreOptions {
  /**
   * Buckets kept at most; the least recently created is dropped first (forgetting its count),
   * so a flood from ever-new client networks cannot grow memory. @default 100000
   */
  maxBuckets?: number;
}

/**
 * Creates an in-memory {@link LimitStore} (sliding window log; see `limit-store.ts`).
 *
 * @example
 * const keys = createKeys({ storage, limits: { rate: { limit: 60, windowMs: 60_000 }, store: createMemoryLimitStore() } });
 */
export function createMemoryLimitStore(options: MemoryLimitStoreOptions = {}): MemoryLimitStore {
  const maxBuckets = options.maxBuckets ?? 100_000;
  const windows = new Map<string, Window>();
  const inFlight = new Map<string, Set<string>>();
  let leases = 0;

  function windowOf(bucket: LimitBucket, now: number): Window {
    const { limit, windowMs } = bucket.rule;
    let window = windows.get(bucket.name);
    if (window === undefined || window.times.length !== limit) {
      // A new bucket, or its limit changed: start it empty.
      if (window === undefined && windows.size >= maxBuckets) {
        const oldest = windows.keys().next().value as string;
        windows.delete(oldest);
      }
      window = { times: new Float64Array(limit), head: 0, size: 0 };
      windows.set(bucket.name, window);
      return window;
    }
    const cutoff = now - windowMs;
    const times = window.times;
    while (window.size > 0 && (times[window.head] as number) <= cutoff) {
      window.head = window.head + 1 === limit ? 0 : window.head + 1;
      window.size--;
    }
    return window;
  }

  function stateOf(window: Window, bucket: LimitBucket, now: number): WindowState {
    const { limit, windowMs } = bucket.rule;
    return {
      limit,
      remaining: limit - window.size,
      resetAt: window.size === 0 ? now : (window.times[window.head] as number) + windowMs,
    };
  }

  function push(window: Window, now: number): void {
    const capacity = window.times.length;
    if (window.size === capacity) {
      // Full (only `record` gets here): the oldest event makes room for this one.
      window.head = window.head + 1 === capacity ? 0 : window.head + 1;
      window.size--;
    }
    const tail = (window.head + window.size) % capacity;
    // Times stay ordered even if the clock steps back, so the head is always the oldest.
    const last =
      window.size === 0 ? now : (window.times[(tail + capacity - 1) % capacity] as number);
    window.times[tail] = Math.max(now, last);
    window.size++;
  }

  return {
    take(buckets, now) {
      let admitted = true;
      const open: Window[] = [];
      for (const bucket of buckets) {
        const window = windowOf(bucket, now);
        open.push(window);
        if (window.size >= bucket.rule.limit) admitted = false;
      }
      if (admitted) for (const window of open) push(window, now);
      return {
        admitted,
        states: buckets.map((bucket, i) => stateOf(open[i] as Window, bucket, now)),
      };
    },
    peek(bucket, now) {
      return stateOf(windowOf(bucket, now), bucket, now);
    },
    record(bucket, now) {
      const window = windowOf(bucket, now);
      push(window, now);
      return stateOf(window, bucket, now);
    },
    acquire(name, max) {
      let slots = inFlight.get(name);
      if (slots === undefined) {
        slots = new Set();
        inFlight.set(name, slots);
      }
      if (slots.size >= max) return null;
      const lease = String(++leases);
      slots.add(lease);
      return lease;
    },
    release(name, lease) {
      const slots = inFlight.get(name);
      if (slots?.delete(lease) && slots.size === 0) inFlight.delete(name);
    },
  };
}
