/**
 * The engine's limits (PRODUCT.md §5), over a {@link LimitStore}:
 *
 * - **per-IP authentication throttle** (429 `BSE1006`): before authentication and before any
 *   storage read, a client network (IPv4 address, IPv6 /64) that failed too often is refused;
 *   only failed authentications (401: missing, malformed, unknown, revoked, expired) count.
 * - **rate limit** (429 `BSE1005`): after authentication, per account (shared by all of its
 *   keys), and per key when the key has its own `rateLimit`; both must have room.
 * - **concurrency** (429 `BSE1009`): requests of one account in flight, released by the
 *   binding when the handler finishes or throws.
 *
 * A store that fails or misses its deadline is reported to `onError` and handled by the
 * failure policy: `'allow'` (default) admits the request without a limit, `'deny'` answers 503
 * `BSE9008`. Authentication itself never depends on the store: it still fails closed.
 */
import { KEYS_ERROR_CODES, KeysError, type KeysErrorCode } from '../errors/keys-error.js';
import type { StoredKey } from '../types.js';

/** What a limit reads of a key (the verifier passes its cached, frozen `VerifiedKey`). */
export type LimitedKey = Pick<StoredKey, 'id' | 'accountId'>;

import type { VerifyFailure, VerifyInput, VerifyResult } from '../verify/results.js';
import { clientNetwork } from './client-network.js';
import type { LimitBucket, LimitStore, RateLimitRule, WindowState } from './limit-store.js';
import { createMemoryLimitStore } from './memory-limit-store.js';

/** Defaults of the per-IP authentication throttle: 100 failures a minute per network. */
export const DEFAULT_AUTH_FAILURES: RateLimitRule = { limit: 100, windowMs: 60_000 };
/** Default deadline of one limit-store call. */
export const DEFAULT_LIMIT_TIMEOUT_MS = 50;
/** Default lease of a concurrency slot (a crashed server's slots lapse after it). */
export const DEFAULT_CONCURRENCY_LEASE_MS = 60_000;

/** A limit as given: `windowMs` defaults to one minute. */
export interface RateLimitInput {
  limit: number;
  windowMs?: number;
}

/** Options of `createKeys({ limits })`. */
export interface LimitsOptions {
  /**
   * The account's rate limit, shared by all of its keys (BabySea's example: 60 a minute), or
   * a function of the account id (plans); `null` for none. A key's own `rateLimit` applies on
   * top. The function is asked once per cached key record (at most every cache TTL).
   */
  rate?: RateLimitInput | ((accountId: string) => RateLimitInput | null) | null;
  /**
   * Failed authentications per client network before 429 `BSE1006`; `false` turns the
   * throttle off. @default { limit: 100, windowMs: 60000 }
   */
  authFailures?: RateLimitInput | false;
  /**
   * Addresses never throttled (a NAT in front of your own offices, a health checker). A NAT
   * shares one counter; only failures count, so it locks out only if its clients together
   * fail `authFailures.limit` times a window.
   */
  exemptIp?: (ip: string) => boolean;
  /** Requests of one account in flight at once, or a function of the account id; `null`: none. */
  concurrency?: number | ((accountId: string) => number | null) | null;
  /** Where counters live. @default in memory (each process counts alone) */
  store?: LimitStore;
  /** When the store fails or misses its deadline. @default 'allow' */
  onStoreError?: 'allow' | 'deny';
  /** Deadline of one store call in ms. @default 50 */
  timeoutMs?: number;
  /** Lease of a concurrency slot in ms. @default 60000 */
  concurrencyLeaseMs?: number;
}

/** The `X-RateLimit-*` values of one answer. */
export interface RateLimitInfo {
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds (`X-RateLimit-Reset`). */
  readonly reset: number;
}

/** What the gate grants an admitted request. */
export interface LimitGrant {
  readonly rateLimit: RateLimitInfo | null;
  /** Frees the concurrency slot; `null` when there is none. */
  readonly release: (() => void) | null;
}

/** Runs after a key passed every check: a refusal or a grant, now or later. */
export type LimitGate = (
  key: LimitedKey,
  now: number,
) => VerifyFailure | LimitGrant | Promise<VerifyFailure | LimitGrant>;

/** The limits as the engine uses them. */
export interface Limits {
  /** The gate the verifier runs before admitting (step 6). */
  readonly gate: LimitGate;
  /** `verify` with the per-IP throttle around it (the same function when it is off). */
  wrap(
    verify: (input: VerifyInput) => Promise<VerifyResult>,
  ): (input: VerifyInput) => Promise<VerifyResult>;
  close(): Promise<void>;
}

const NO_GRANT: LimitGrant = Object.freeze({ rateLimit: null, release: null });

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown })?.then === 'function';
}

/** A rule from the user's input, validated (throws `INVALID_CONFIGURATION`). */
export function toRule(input: RateLimitInput, what: string): RateLimitRule {
  const { limit, windowMs = 60_000 } = input ?? ({} as RateLimitInput);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1_000_000) {
    throw new KeysError('INVALID_CONFIGURATION', `${what}.limit: an integer from 1 to 1000000`);
  }
  if (!Number.isSafeInteger(windowMs) || windowMs < 1000 || windowMs > 86_400_000) {
    throw new KeysError(
      'INVALID_CONFIGURATION',
      `${what}.windowMs: an integer from 1000 (1 s) to 86400000 (1 day)`,
    );
  }
  return { limit, windowMs };
}

function info(state: WindowState): RateLimitInfo {
  return {
    limit: state.limit,
    remaining: state.remaining,
    reset: Math.ceil(state.resetAt / 1000),
  };
}

/** The state with the least room, which is what the caller must respect. */
function tightest(states: readonly WindowState[]): WindowState {
  let best = states[0] as WindowState;
  for (const state of states) if (state.remaining < best.remaining) best = state;
  return best;
}

const MESSAGES: Partial<Record<KeysErrorCode, string>> = {
  RATE_LIMITED: 'Rate limit exceeded; retry after the time in Retry-After',
  AUTH_RATE_LIMITED: 'Too many failed authentication attempts from this network; retry later',
  CONCURRENCY_LIMITED: 'Too many requests in flight for this account; retry shortly',
  LIMITER_UNAVAILABLE: 'Rate limits cannot be checked right now; retry shortly',
};

/** A 429 (or the `'deny'` policy's 503) refusal, with its rate-limit values. */
export function limitRefusal(
  code: 'RATE_LIMITED' | 'AUTH_RATE_LIMITED' | 'CONCURRENCY_LIMITED' | 'LIMITER_UNAVAILABLE',
  state: WindowState | null,
  now: number,
  keyId?: string,
): VerifyFailure {
  const m = KEYS_ERROR_CODES[code];
  const retryAfterSeconds =
    state === null ? 1 : Math.max(1, Math.ceil((state.resetAt - now) / 1000));
  return {
    ok: false,
    status: m.status,
    code: m.bse,
    type: m.type,
    message: MESSAGES[code] as string,
    retryable: m.retryable,
    reason:
      code === 'RATE_LIMITED'
        ? 'rate_limited'
        : code === 'AUTH_RATE_LIMITED'
          ? 'auth_rate_limited'
          : code === 'CONCURRENCY_LIMITED'
            ? 'concurrency_limited'
            : 'limiter_unavailable',
    ...(keyId === undefined ? {} : { keyId }),
    ...(state === null ? {} : { rateLimit: info(state) }),
    retryAfterSeconds,
  };
}

/** Builds the limits from `createKeys({ limits })`; `null` when none are asked for. */
export function createLimits(
  options: LimitsOptions | undefined,
  clock: () => number,
  onError: (error: unknown) => void,
): Limits | null {
  if (options === undefined) return null;
  if (typeof options !== 'object' || options === null) {
    throw new KeysError('INVALID_CONFIGURATION', 'limits: expected an object');
  }
  const store = options.store ?? createMemoryLimitStore();
  const deny = options.onStoreError === 'deny';
  if (options.onStoreError !== undefined && options.onStoreError !== 'allow' && !deny) {
    throw new KeysError('INVALID_CONFIGURATION', "limits.onStoreError: 'allow' or 'deny'");
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIMIT_TIMEOUT_MS;
  const leaseMs = options.concurrencyLeaseMs ?? DEFAULT_CONCURRENCY_LEASE_MS;
  for (const [name, value] of [
    ['timeoutMs', timeoutMs],
    ['concurrencyLeaseMs', leaseMs],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new KeysError('INVALID_CONFIGURATION', `limits.${name}: a positive integer`);
    }
  }
  const throttle =
    options.authFailures === false
      ? null
      : toRule(options.authFailures ?? DEFAULT_AUTH_FAILURES, 'limits.authFailures');
  const exempt = options.exemptIp ?? null;
  const rateOf = ruleSource(options.rate);
  const concurrencyOf = countSource(options.concurrency);

  /** A store call under the deadline; rejects with `LIMITER_UNAVAILABLE` on failure. */
  function call<T>(run: () => T | Promise<T>): T | Promise<T> {
    let value: T | Promise<T>;
    try {
      value = run();
    } catch (error) {
      return Promise.reject(error);
    }
    if (!isThenable(value)) return value;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`limit store missed its ${timeoutMs} ms deadline`)),
        timeoutMs,
      );
      (timer as { unref?: () => void }).unref?.();
      value.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  function storeFailed(error: unknown, now: number, keyId?: string): VerifyFailure | null {
    onError(new KeysError('LIMITER_UNAVAILABLE', 'limit store failed', { cause: error }));
    return deny ? limitRefusal('LIMITER_UNAVAILABLE', null, now, keyId) : null;
  }

  // Buckets per record, so that a cache hit builds no names (records are replaced, never
  // mutated, so the entry lives exactly as long as the cached record).
  const bucketsOf = new WeakMap<LimitedKey, readonly LimitBucket[]>();
  function buckets(key: LimitedKey): readonly LimitBucket[] {
    let list = bucketsOf.get(key);
    if (list === undefined) {
      const built: LimitBucket[] = [];
      const own = (key as { rateLimit?: RateLimitRule | null }).rateLimit;
      if (own) built.push({ name: `key:${key.id}`, rule: own });
      const account = rateOf(key.accountId);
      if (account) built.push({ name: `acct:${key.accountId}`, rule: account });
      list = built;
      bucketsOf.set(key, list);
    }
    return list;
  }

  function concurrencyStep(
    key: LimitedKey,
    rateLimit: RateLimitInfo | null,
    now: number,
  ): VerifyFailure | LimitGrant | Promise<VerifyFailure | LimitGrant> {
    const max = concurrencyOf(key.accountId);
    if (max === null) return rateLimit === null ? NO_GRANT : { rateLimit, release: null };
    const name = `conc:${key.accountId}`;
    const granted = (lease: string | null): VerifyFailure | LimitGrant => {
      if (lease === null) {
        const refusal = limitRefusal('CONCURRENCY_LIMITED', null, now, key.id);
        return rateLimit === null ? refusal : { ...refusal, rateLimit };
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const done = store.release(name, lease);
          if (isThenable(done)) done.then(undefined, onError);
        } catch (error) {
          onError(error);
        }
      };
      return { rateLimit, release };
    };
    const lease = call(() => store.acquire(name, max, leaseMs, now));
    if (!isThenable(lease)) return granted(lease);
    return lease.then(
      granted,
      (error) => storeFailed(error, now, key.id) ?? { rateLimit, release: null },
    );
  }

  // Always present: a key's own `rateLimit` applies even without an account limit.
  const gate: LimitGate = (key, now) => {
    const list = buckets(key);
    if (list.length === 0) return concurrencyStep(key, null, now);
    const decide = (taken: { admitted: boolean; states: readonly WindowState[] }) => {
      const state = tightest(taken.states);
      if (!taken.admitted) return limitRefusal('RATE_LIMITED', state, now, key.id);
      return concurrencyStep(key, info(state), now);
    };
    const taken = call(() => store.take(list, now));
    if (!isThenable(taken)) return decide(taken);
    return taken.then(decide, (error) => storeFailed(error, now, key.id) ?? NO_GRANT);
  };

  function wrap(verify: (input: VerifyInput) => Promise<VerifyResult>) {
    if (throttle === null) return verify;
    const rule = throttle;
    const afterVerify = (bucket: LimitBucket, result: VerifyResult, now: number) => {
      // Only a failed authentication counts; a success never does (nor does a scope refusal).
      if (result.ok || result.status !== 401) return result;
      const recorded = call(() => store.record(bucket, now));
      const withState = (state: WindowState): VerifyResult => ({
        ...result,
        rateLimit: info(state),
      });
      if (!isThenable(recorded)) return withState(recorded);
      return recorded.then(withState, (error) => {
        onError(new KeysError('LIMITER_UNAVAILABLE', 'limit store failed', { cause: error }));
        return result;
      });
    };
    const checked = (input: VerifyInput, bucket: LimitBucket, now: number, state: WindowState) => {
      if (state.remaining <= 0)
        return Promise.resolve(limitRefusal('AUTH_RATE_LIMITED', state, now));
      return verify(input).then((result) => afterVerify(bucket, result, now));
    };
    return (input: VerifyInput): Promise<VerifyResult> => {
      const network = clientNetwork(input.ip);
      if (network === null || exempt?.(input.ip as string)) {
        return verify(input);
      }
      const bucket: LimitBucket = { name: `auth:${network}`, rule };
      const now = clock();
      const state = call(() => store.peek(bucket, now));
      if (!isThenable(state)) return checked(input, bucket, now, state);
      return state.then(
        (s) => checked(input, bucket, now, s),
        (error) => {
          // The throttle only sheds load: without it, authentication still decides (closed).
          const refusal = storeFailed(error, now);
          return refusal ?? verify(input);
        },
      );
    };
  }

  return {
    gate,
    wrap,
    async close() {
      await store.close?.();
    },
  };
}

const NONE = () => null;

function ruleSource(value: LimitsOptions['rate']): (accountId: string) => RateLimitRule | null {
  if (value == null) return NONE;
  if (typeof value === 'function') {
    return (accountId) => {
      const given = value(accountId);
      return given == null ? null : toRule(given, 'limits.rate()');
    };
  }
  const rule = toRule(value, 'limits.rate');
  return () => rule;
}

function countSource(value: LimitsOptions['concurrency']): (accountId: string) => number | null {
  if (value == null) return NONE;
  const check = (n: number) => {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new KeysError('INVALID_CONFIGURATION', 'limits.concurrency: a positive integer');
    }
    return n;
  };
  if (typeof value === 'function') {
    return (accountId) => {
      const given = value(accountId);
      return given == null ? null : check(given);
    };
  }
  const max = check(value);
  return () => max;
}
