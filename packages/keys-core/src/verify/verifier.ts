/**
 * The request verifier: PRODUCT.md §5 in order, stopping at the first failure, answering with
 * data (`VerifyResult`), never an exception. The steps, each named once in the code:
 *
 *   1. `Authorization: Bearer <key>`                          → 401 BSE1001
 *   2. form + checksum (no storage), hash, look up            → 401 BSE1002 (storage failure:
 *                                                               503 BSE9002, retryable)
 *   3. lifecycle: revoked, expired, past grace                → 401 BSE1002 (`reason` differs)
 *   4. IP allowlist, if the key has one                       → 403 BSE1007
 *   5. route (must be in the table), then its scope           → 404 BSE9001 / 403 BSE1003
 *   6. pass: stamp last used, count and log, answer with the key
 *
 * Steps 1–2 are here; 3–6 are `checks.ts`, run on a cached or freshly read key alike.
 * Caches: the key cache (key-cache.ts, with the success memo of success-memo.ts), the route
 * memo (route-memo.ts), the feed gate that decides how long a key is cached (feed-gate.ts).
 * Coalesced writes, never awaited by a request: last used (last-used.ts), usage counters and
 * log rows (usage-counters.ts, usage-log.ts), on timers (scheduler.ts). PERF.md says why each
 * is shaped as it is.
 *
 * At most one storage read per verification (`findKeyByHash`, none on a cache hit). On a
 * cache hit the whole pipeline runs synchronously and the returned promise is already settled.
 */
import { KeysError } from '../errors/keys-error.js';
import type { LimitGate } from '../limits/gate-step.js';
import type { Policy } from '../policy/index.js';
import { sha256Hex } from '../secret/hash.js';
import { KEY_BODY_LENGTH, parseKey } from '../secret/key.js';
import type { StorageAdapter } from '../storage/adapter.js';
import {
  DEFAULT_STORAGE_TIMEOUT_MS,
  withDeadline,
  withStorageDeadlines,
} from '../storage/deadline.js';
import type { Clock, StoredKey } from '../types.js';
import { type BearerFailure, readBearer } from './authorization.js';
import { createChecks } from './checks.js';
import { createFeedGate } from './feed-gate.js';
import { coerceInput, isWellTyped } from './input-shape.js';
import { assertIpHashSecret, createIpHasher } from './ip-hash.js';
import { cachedKey, KeyCache } from './key-cache.js';
import { createKeyLoader } from './key-loader.js';
import { createLastUsedWriter, DEFAULT_LAST_USED_INTERVAL_MS } from './last-used.js';
import {
  authenticationFailed,
  authenticationRequired,
  STORAGE_UNAVAILABLE,
  type VerifyInput,
  type VerifyResult,
} from './results.js';
import { type Scheduler, unrefScheduler } from './scheduler.js';
import { createUsageCounters } from './usage-counters.js';
import { createUsageLogWriter } from './usage-log.js';

export type {
  VerifiedKey,
  VerifyFailure,
  VerifyFailureReason,
  VerifyInput,
  VerifyResult,
  VerifySuccess,
} from './results.js';

/** Default lifetime of a cached key when the storage has a change feed. */
export const DEFAULT_CACHE_TTL_MS = 30_000;
/** Default bound of the known-key cache: 100,000 keys in well under 64 MB (PERF.md). */
export const DEFAULT_CACHE_ENTRIES = 100_000;
/** Default bound of the unknown-hash cache. */
export const DEFAULT_UNKNOWN_ENTRIES = 10_000;
/** How long an unknown hash is remembered. */
export const UNKNOWN_HASH_TTL_MS = 60_000;

/** Cache tuning. */
export interface VerifierCacheOptions {
  /** Known keys kept at most. @default 100000 */
  maxEntries?: number;
  /**
   * How long a verified key's record is reused without a storage read; 0 turns the cache
   * off. Default: 30 s when the storage has a change feed (`subscribe`), which drops entries
   * the moment a key is revoked anywhere; 0 otherwise, because without a feed another process
   * could revoke a key and this one would not hear of it (PRODUCT.md §6: revocation is
   * immediate on every server). That default trusts the feed, so it waits for it: no key is
   * cached until `subscribe` has resolved, and none ever if subscribing fails (reported to
   * `onError`). A `ttlMs` you give is your own staleness bound and applies at once. Changes
   * made through this process's `createKeys` always invalidate at once.
   */
  ttlMs?: number;
  /** Unknown hashes remembered at most (a flood of random keys cannot grow memory). @default 10000 */
  maxUnknown?: number;
}

/** What a verifier is built from. `createKeys` builds one from its own options. */
export interface CreateVerifierOptions {
  storage: StorageAdapter;
  policy: Pick<Policy, 'matchRoute'>;
  clock: Clock;
  /** The key prefix, e.g. `bye_`. */
  prefix: string;
  cache?: VerifierCacheOptions;
  /** Interval of the coalesced last-used writes. @default 60000 */
  lastUsedIntervalMs?: number;
  /** Usage accounting tuning (the defaults suit production; tests shrink them). */
  usage?: UsageTuning;
  /** Background failures (last-used and log writes, storage errors). @default console.error */
  onError?: (error: unknown) => void;
  /** Timer used for background writes and deadlines (tests inject one). @default unref'd setTimeout */
  scheduler?: Scheduler;
  /**
   * Deadline of each storage call (the key read, background writes, unsubscribing): past it
   * the request is refused with the retryable `STORAGE_UNAVAILABLE` (503 BSE9002), the next
   * request reads again, and `close()` stops waiting. 0 turns it off. @default 2000
   */
  storageTimeoutMs?: number;
  /** Rate and concurrency limits, checked before a pass (`createLimits(...).gate`). */
  gate?: LimitGate | null;
  /**
   * The secret keying the IP hashes of usage logs (at least 16 characters).
   * @default generated once and kept by the storage (`getOrCreateSecret`)
   */
  ipHashSecret?: string;
}

/** Usage accounting tuning. */
export interface UsageTuning {
  /** Interval of the counter upserts. @default 10000 */
  counterIntervalMs?: number;
  /** Interval of the log-row writes. @default 1000 */
  logIntervalMs?: number;
  /** Log rows per write once that many wait. @default 256 */
  logBatchSize?: number;
  /** Log rows kept waiting at most; more are counted as not itemised. @default 10000 */
  maxBufferedLogs?: number;
}

/** A verifier bound to one storage and policy. */
export interface Verifier {
  /** Checks one request. Never rejects: every outcome, storage failure included, is data. */
  verify(input: VerifyInput): Promise<VerifyResult>;
  /** Drops a key hash from the caches at once (after revoke, rotate or delete). */
  invalidate(hash: string): void;
  /** Writes pending last-used stamps and usage logs; resolves when they have settled. */
  flush(): Promise<void>;
  /** Unsubscribes from the change feed and flushes. Idempotent. */
  close(): Promise<void>;
}

function splitQuery(input: VerifyInput): VerifyInput {
  const question = input.path.indexOf('?');
  return {
    ...input,
    path: input.path.slice(0, question),
    query: input.query ?? input.path.slice(question + 1),
  };
}

/**
 * Builds a verifier.
 *
 * @example
 * const verifier = createVerifier({ storage, policy: compilePolicy(), clock: Date.now, prefix: 'bye_' });
 * const result = await verifier.verify({ authorization: req.headers.authorization, ip, method: 'GET', path: '/v1/status' });
 * if (!result.ok) return new Response(null, { status: result.status });
 */
export function createVerifier(options: CreateVerifierOptions): Verifier {
  const { policy, clock, prefix } = options;
  const userOnError =
    options.onError ?? ((error: unknown) => console.error('[babysea/keys]', error));
  const onError = (error: unknown) => {
    try {
      userOnError(error);
    } catch {
      // A throwing reporter must not turn a background failure into an unhandled rejection.
    }
  };
  const schedule = options.scheduler ?? unrefScheduler;
  // Every storage call below (the read, background writes, the feed) has a deadline: a stuck
  // read refuses its requests and leaves the loader, so the next request reads again.
  const deadline = {
    timeoutMs: options.storageTimeoutMs ?? DEFAULT_STORAGE_TIMEOUT_MS,
    schedule,
  };
  const storage = withStorageDeadlines(options.storage, deadline);
  const keyLength = prefix.length + KEY_BODY_LENGTH;
  const tuning = options.usage ?? {};

  // Caches.
  const cache = new KeyCache({
    maxEntries: options.cache?.maxEntries ?? DEFAULT_CACHE_ENTRIES,
    ttlMs: options.cache?.ttlMs ?? (storage.subscribe ? DEFAULT_CACHE_TTL_MS : 0),
    maxUnknown: options.cache?.maxUnknown ?? DEFAULT_UNKNOWN_ENTRIES,
    unknownTtlMs: UNKNOWN_HASH_TTL_MS,
  });
  const loader = createKeyLoader(storage);
  function invalidate(hash: string): void {
    cache.delete(hash);
    loader.forget(hash);
  }
  const gate = createFeedGate({
    storage,
    ttlMs: options.cache?.ttlMs ?? (storage.subscribe ? DEFAULT_CACHE_TTL_MS : 0),
    explicit: options.cache?.ttlMs !== undefined,
    onChange: (change) => invalidate(change.hash),
    // Nothing known was cached before (TTL 0); moving the generation keeps a read still in
    // flight, which may predate the listener, out of the cache.
    onLive: () => cache.generation++,
    onError,
  });

  // Coalesced writes.
  const lastUsed = createLastUsedWriter({
    storage,
    intervalMs: options.lastUsedIntervalMs ?? DEFAULT_LAST_USED_INTERVAL_MS,
    schedule,
    onError,
  });
  assertIpHashSecret(options.ipHashSecret);
  const ipHasher = createIpHasher({ storage, secret: options.ipHashSecret, onError });
  // Loaded now, so the first batch of logs need not wait for it (failures retry per batch).
  ipHasher.load().catch(onError);
  // Counter upserts are not idempotent, so they get no deadline: a write abandoned at its
  // deadline might still commit, and sending its counts again would count them twice. A slow
  // write only delays the next one (one at a time); `close()` has the deadline instead.
  const counters = createUsageCounters({
    storage: options.storage,
    schedule,
    onError,
    ...(tuning.counterIntervalMs !== undefined && { flushIntervalMs: tuning.counterIntervalMs }),
  });
  const usage = createUsageLogWriter({
    storage,
    counters,
    ipHasher,
    keyPrefix: prefix,
    schedule,
    onError,
    ...(tuning.logIntervalMs !== undefined && { flushIntervalMs: tuning.logIntervalMs }),
    ...(tuning.logBatchSize !== undefined && { batchSize: tuning.logBatchSize }),
    ...(tuning.maxBufferedLogs !== undefined && { maxBuffered: tuning.maxBufferedLogs }),
  });

  // Steps 3–6.
  const checks = createChecks({ policy, usage, lastUsed, gate: options.gate ?? null });

  /** Step 1's refusal of a header that holds no token (or step 2's of a malformed one). */
  function refuseHeader(failure: BearerFailure): Promise<VerifyResult> {
    return Promise.resolve(
      failure === 'malformed' ? authenticationFailed('malformed') : authenticationRequired(failure),
    );
  }

  /** Step 2 past a cache miss: the form and checksum scan, then the storage read. */
  function miss(
    token: string,
    hash: string,
    unknown: boolean,
    input: VerifyInput,
  ): Promise<VerifyResult> {
    const parsed = parseKey(token, prefix);
    if (!parsed.ok) {
      return Promise.resolve(
        authenticationFailed(parsed.reason === 'checksum' ? 'checksum' : 'malformed'),
      );
    }
    // Only well-formed tokens are remembered as unknown, so this hit implies the scan passed.
    if (unknown) return Promise.resolve(authenticationFailed('unknown_key'));
    return lookup(hash, input);
  }

  async function lookup(hash: string, input: VerifyInput): Promise<VerifyResult> {
    const generation = cache.generation;
    let record: StoredKey | null;
    try {
      record = await loader.load(hash);
    } catch (error) {
      onError(new KeysError('STORAGE_UNAVAILABLE', 'findKeyByHash failed', { cause: error }));
      return STORAGE_UNAVAILABLE;
    }
    const now = clock();
    // A record whose hash differs is an adapter bug; never let it authenticate this key.
    if (record === null || record.hash !== hash) {
      if (generation === cache.generation) cache.setUnknown(hash, now);
      return authenticationFailed('unknown_key');
    }
    const ttlMs = gate.ttlMs();
    const entry = cachedKey(record, now + ttlMs);
    // Not cached if an invalidation happened while reading: the record may predate it.
    if (ttlMs > 0 && generation === cache.generation) cache.setKnown(entry);
    return checks.check(entry, input, now);
  }

  // `verify` keeps only the hit path inline and hands every rarer branch to a function: the
  // optimizing compiler inlines a bounded amount of code into a caller, and a lean `verify`
  // leaves room for `crypto.hash`'s own wrapper (~40 ns dearer per call when not inlined).
  return {
    verify(given) {
      // Called from JavaScript too: a non-string field is absent, never a TypeError.
      const request = isWellTyped(given) ? given : coerceInput(given);
      // The endpoint is logged without its query, so a path that still has one is split.
      const input = request.path.indexOf('?') === -1 ? request : splitQuery(request);
      // 1. The header.
      const token = readBearer(input.authorization);
      if (typeof token !== 'string') return refuseHeader(token.failure);
      // 2. Form, checksum, hash, look-up. Prefix and length are checked first (O(1)), so
      // garbage costs nothing. The alphabet and checksum scan (as dear as the hash itself) is
      // needed only before a storage read: a token whose SHA-256 equals a cached key's hash
      // *is* that key, generated well-formed, so on a hit the scan could only say yes. Every
      // token gets the same answer as with the scan first; only its cost moves.
      if (token.length !== keyLength || !token.startsWith(prefix)) return refuseHeader('malformed');
      const hash = sha256Hex(token);
      const now = clock();
      const cached = cache.get(hash, now);
      // 3–6 on the cached key.
      if (cached !== undefined && cached !== null) return checks.answer(cached, input, now);
      return miss(token, hash, cached === null, input);
    },
    invalidate,
    async flush() {
      await Promise.all([lastUsed.flush(), usage.flush()]);
      // After the log writes: their failures become not-itemised counts, written now too.
      await counters.flush();
    },
    async close() {
      await gate.close();
      await Promise.all([lastUsed.close(), usage.close()]);
      const written = counters.close();
      await (deadline.timeoutMs > 0
        ? withDeadline(written, 'addUsageCounts', deadline).catch(onError)
        : written);
    },
  };
}
