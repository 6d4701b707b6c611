/**
 * Where rate-limit counters live, behind one small interface: in memory for one process
 * (`createMemoryLimitStore`, the default) or shared by many servers (`@babysea/keys-redis`).
 *
 * The algorithm is a **sliding window log**: a bucket keeps the times of its last `limit`
 * admissions, and a request is admitted only if fewer than `limit` of them fall inside
 * `(now - windowMs, now]`. So no window of `windowMs`, wherever it starts, ever holds more than
 * `limit` admissions — the guarantee BabySea's docs imply. GCRA (one number per bucket) was
 * the cheaper candidate, but with a burst of `limit` it admits up to `2 × limit - 1` requests
 * in some window of length `windowMs` (a full burst, then one per emission interval), and
 * without a burst it allows none at all. The log costs `limit` numbers per busy bucket (480
 * bytes for 60 a minute) and O(1) time per request (a ring: expire from the head, push at the
 * tail), which is cheap at API limits.
 */
import type { Awaitable } from '../types.js';

/** `limit` requests per `windowMs` milliseconds. */
export interface RateLimitRule {
  /** Requests admitted per window; a positive integer. */
  limit: number;
  /** The window's length in milliseconds. @default 60000 */
  windowMs: number;
}

/** One bucket to count in (an account, a key, a client network) with its rule. */
export interface LimitBucket {
  /** The counter's name, e.g. `acct:acct_1`; stores namespace it further. */
  readonly name: string;
  readonly rule: RateLimitRule;
}

/** A bucket's state after a call. */
export interface WindowState {
  readonly limit: number;
  /** Admissions still possible in the current window (0 when refused). */
  readonly remaining: number;
  /**
   * Epoch ms at which the oldest admission in the window leaves it (one more request becomes
   * possible); `now` when the window is empty.
   */
  readonly resetAt: number;
}

/** The outcome of {@link LimitStore.take}. */
export interface TakeResult {
  /** True when every bucket had room; the request was then counted in all of them. */
  readonly admitted: boolean;
  /** One state per bucket, in the order given. */
  readonly states: readonly WindowState[];
}

/**
 * The counters. Methods may answer synchronously (memory) or with a promise (Redis); a
 * rejected or thrown call is a store failure, handled by the limits' failure policy.
 */
export interface LimitStore {
  /**
   * Admits one request if every bucket has room, and then counts it in every bucket,
   * atomically (all or none): a key's own limit and its account's are checked together.
   */
  take(buckets: readonly LimitBucket[], now: number): Awaitable<TakeResult>;
  /** The state of a bucket without counting anything (the per-IP throttle's check). */
  peek(bucket: LimitBucket, now: number): Awaitable<WindowState>;
  /** Counts one event in the bucket even when it is full (a failed authentication). */
  record(bucket: LimitBucket, now: number): Awaitable<WindowState>;
  /**
   * Takes one of `max` in-flight slots of `name`, for at most `leaseMs` (a crashed process
   * frees its slots when they lapse). Returns a lease id, or `null` when all are taken.
   */
  acquire(name: string, max: number, leaseMs: number, now: number): Awaitable<string | null>;
  /** Frees a slot taken by `acquire`. Idempotent. */
  release(name: string, lease: string): Awaitable<void>;
  /** Releases what the store holds (connections). */
  close?(): Awaitable<void>;
}
