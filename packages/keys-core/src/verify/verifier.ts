/**
 * The request verifier: PRODUCT.md §5 in order, stopping at the first failure, answering with
 * data (`VerifyResult`), never an exception.
 *
 *   1. `Authorization: Bearer <key>`            → 401 BSE1001
 *   2. form + checksum (no storage), hash, look up → 401 BSE1002
 *   3. lifecycle: revoked, expired, past grace     → 401 BSE1002 (same answer; `reason` differs)
 *   4. IP allowlist, if the key has one             → 403 BSE1007
 *   5. route (must be in the table) and its scope   → 404 BSE9001 / 403 BSE1003
 *   storage failure at step 2                       → 503 BSE9002, retryable (fail closed)
 *
 * At most one storage read per verification (`findKeyByHash`, none on a cache hit); the
 * writes it causes (last used, usage logs) are buffered and never awaited. On a cache hit the
 * whole pipeline runs synchronously and the returned promise is already settled.
 */
import { KeysError } from '../errors/keys-error.js';
import type { LimitGate } from '../limits/gate-step.js';
import type { Policy } from '../policy/index.js';
import { sha256Hex } from '../secret/hash.js';
import { KEY_BODY_LENGTH, parseKey } from '../secret/key.js';
import type { StorageAdapter } from '../storage/adapter.js';
import { DEFAULT_STORAGE_TIMEOUT_MS, withStorageDeadlines } from '../storage/deadline.js';
import type { Clock, KeyChange, StoredKey } from '../types.js';
import { type BearerFailure, readBearer } from './authorization.js';
import { coerceInput, isWellTyped } from './input-shape.js';
import { cachedKey, KeyCache } from './key-cache.js';
import { createLastUsedWriter, DEFAULT_LAST_USED_INTERVAL_MS } from './last-used.js';
import { createChecks } from './pipeline.js';
import {
  authenticationFailed,
  authenticationRequired,
  STORAGE_UNAVAILABLE,
  type VerifyInput,
  type VerifyResult,
} from './results.js';
import { type Scheduler, unrefScheduler } from './scheduler.js';
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
/** Default bound of each cache (known keys, unknown hashes). */
export const DEFAULT_CACHE_ENTRIES = 10_000;
/** How long an unknown hash is remembered. */
export const UNKNOWN_HASH_TTL_MS = 60_000;

/** Cache tuning. */
export interface VerifierCacheOptions {
  /** Known keys kept at most. @default 10000 */
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
  // read refuses its requests and leaves `loads`, so the next request reads again.
  const storage = withStorageDeadlines(options.storage, {
    timeoutMs: options.storageTimeoutMs ?? DEFAULT_STORAGE_TIMEOUT_MS,
    schedule,
  });
  const keyLength = prefix.length + KEY_BODY_LENGTH;
  const ttlMs = options.cache?.ttlMs ?? (storage.subscribe ? DEFAULT_CACHE_TTL_MS : 0);
  // The default TTL relies on the change feed: 0 (no caching) until the feed is live, and for
  // good if it never comes up. An explicit `cache.ttlMs` is the caller's bound and applies now.
  let effectiveTtlMs = options.cache?.ttlMs !== undefined ? ttlMs : 0;
  const cache = new KeyCache({
    maxEntries: options.cache?.maxEntries ?? DEFAULT_CACHE_ENTRIES,
    ttlMs,
    maxUnknown: options.cache?.maxUnknown ?? DEFAULT_CACHE_ENTRIES,
    unknownTtlMs: UNKNOWN_HASH_TTL_MS,
  });
  const lastUsed = createLastUsedWriter({
    storage,
    intervalMs: options.lastUsedIntervalMs ?? DEFAULT_LAST_USED_INTERVAL_MS,
    schedule,
    onError,
  });
  const usage = createUsageLogWriter({ storage, keyPrefix: prefix, schedule, onError });
  // Concurrent misses on one hash share a single read (a cold start under load is one query).
  const loads = new Map<string, Promise<StoredKey | null>>();

  function invalidate(hash: string): void {
    cache.delete(hash);
    loads.delete(hash);
  }

  // --- change feed --------------------------------------------------------------------
  let closed = false;
  let unsubscribe: (() => unknown) | null = null;
  if (storage.subscribe) {
    const listener = (change: KeyChange) => invalidate(change.hash);
    Promise.resolve()
      .then(() => storage.subscribe?.(listener))
      .then((stop) => {
        if (closed) return typeof stop === 'function' ? stop() : undefined;
        // The feed is live: start caching from a clean slate. Nothing known was cached before
        // (TTL 0); moving the generation keeps a read still in flight, which may predate the
        // listener, out of the cache. Unknown hashes stay (random hashes, not feed-bound).
        cache.generation++;
        effectiveTtlMs = ttlMs;
        if (typeof stop === 'function') unsubscribe = stop;
      })
      .catch(onError);
  }

  const { check, answer } = createChecks({ policy, usage, lastUsed, gate: options.gate ?? null });

  function load(hash: string): Promise<StoredKey | null> {
    let pending = loads.get(hash);
    if (pending === undefined) {
      pending = Promise.resolve()
        .then(() => storage.findKeyByHash(hash))
        .finally(() => {
          if (loads.get(hash) === pending) loads.delete(hash);
        });
      loads.set(hash, pending);
    }
    return pending;
  }

  async function lookup(hash: string, input: VerifyInput): Promise<VerifyResult> {
    const generation = cache.generation;
    let record: StoredKey | null;
    try {
      record = await load(hash);
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
    const entry = cachedKey(record, now + effectiveTtlMs);
    // Not cached if an invalidation happened while reading: the record may predate it.
    if (effectiveTtlMs > 0 && generation === cache.generation) cache.setKnown(hash, entry);
    return check(entry, input, now);
  }

  /** Step 1's refusal of a header that holds no token. */
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
      if (cached !== undefined && cached !== null) return answer(cached, input, now);
      return miss(token, hash, cached === null, input);
    },
    invalidate,
    async flush() {
      await Promise.all([lastUsed.flush(), usage.flush()]);
    },
    async close() {
      if (!closed) {
        closed = true;
        const stop = unsubscribe as (() => unknown) | null;
        unsubscribe = null;
        if (stop) {
          try {
            await stop();
          } catch (error) {
            onError(error);
          }
        }
      }
      await Promise.all([lastUsed.close(), usage.close()]);
    },
  };
}
