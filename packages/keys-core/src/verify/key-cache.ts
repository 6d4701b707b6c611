/**
 * The verifier's in-process cache, keyed by key hash. Two bounded maps in insertion order
 * (the oldest entry is evicted first; a hot key is re-read and re-inserted every `ttlMs`):
 *
 * - known hashes → the stored record plus what is compiled from it once (allowlist matcher,
 *   the frozen `VerifiedKey`). A hit saves the storage read only: the pipeline still runs
 *   every check on it (status from the clock, expiry, grace, IP, scope), so a cached record
 *   can never admit what a fresh one would refuse (better-auth PR #9393's bypass).
 * - unknown hashes → when they may be asked again, so that a flood of random, well-formed
 *   keys costs one storage read each at most once per `unknownTtlMs` and a bounded amount of
 *   memory (`maxUnknown` entries), however many keys are tried.
 *
 * `delete` drops a hash from both; the verifier calls it on revoke/rotate/delete and on
 * change-feed events. `generation` moves on every delete so that a read that was in flight
 * across an invalidation does not put its (possibly stale) record back.
 *
 * Both maps are keyed by a number, the digest's first 13 hex digits (52 bits), not by the
 * 64-character digest itself: a Map hashes a fresh string key character by character, which
 * costs ~80 ns per look-up for a digest, a third of the SHA-256 before it; a number costs
 * a few. Every hit is then confirmed against the full digest, so two digests sharing a slot
 * never answer for each other; such a pair (about one in 10^8 for a full cache of random
 * keys, and 2^52 hashes of work to make on purpose) only costs those keys their caching, as
 * each one's entry replaces the other's.
 */
import { type AllowlistMatcher, compileAllowlist } from '../allowlist/index.js';
import type { StoredKey } from '../types.js';
import type { VerifiedKey, VerifySuccess } from './results.js';

/** A success answer and its settled promise, built once per key and scope. */
export interface Success {
  readonly result: VerifySuccess;
  /** Built on the first cache hit that needs it (a storage read answers from an async path). */
  settled: Promise<VerifySuccess> | null;
}

/** What the cache keeps for one known hash. */
export interface CachedKey {
  readonly record: StoredKey;
  /** `null` when the key has no allowlist (any IP). */
  readonly allowlist: AllowlistMatcher | null;
  /** Built once per record; frozen. */
  readonly verified: VerifiedKey;
  /** The success answer per scope, built on first use (see {@link successOf}). */
  readonly successes: Map<string | null, Success>;
  /** The success handed out last (a key mostly calls one route), checked before the Map. */
  last: Success | null;
  /** Cache expiry (clock ms). */
  readonly staleAt: number;
}

export interface KeyCacheOptions {
  /** @default 10000 */
  maxEntries: number;
  /** 0 disables the known-key cache. */
  ttlMs: number;
  /** @default 10000; 0 disables the unknown-hash cache. */
  maxUnknown: number;
  unknownTtlMs: number;
}

/** An unknown hash and until when it is remembered. */
interface UnknownHash {
  readonly hash: string;
  readonly until: number;
}

/**
 * The slot of a hex digest: its first 13 hex digits as a number (52 bits, exact in a double).
 * Any string gives some number (NaN for one that is not hex, one shared slot): a slot is only
 * ever a place to look, never a match.
 */
export function slotOf(hash: string): number {
  let slot = 0;
  for (let i = 0; i < 13; i++) {
    const code = hash.charCodeAt(i) | 0x20; // lowercase letters; digits keep their codes
    slot = slot * 16 + (code <= 57 ? code - 48 : code - 87);
  }
  return slot;
}

export class KeyCache {
  private readonly known = new Map<number, CachedKey>();
  private readonly unknown = new Map<number, UnknownHash>();
  /** Moves on every invalidation; see the file comment. */
  generation = 0;

  constructor(private readonly options: KeyCacheOptions) {}

  /** The cached entry, `null` for a hash known not to exist, `undefined` on a miss. */
  get(hash: string, now: number): CachedKey | null | undefined {
    const slot = slotOf(hash);
    const entry = this.known.get(slot);
    // The hit inline, the rest apart: this sits on the hot path (see `verify`).
    if (entry !== undefined && entry.record.hash === hash && now < entry.staleAt) return entry;
    return this.miss(slot, hash, now, entry);
  }

  private miss(
    slot: number,
    hash: string,
    now: number,
    entry: CachedKey | undefined,
  ): CachedKey | null | undefined {
    if (entry !== undefined && entry.record.hash === hash) {
      this.known.delete(slot); // stale
      return undefined;
    }
    const unknown = this.unknown.get(slot);
    if (unknown !== undefined && unknown.hash === hash) {
      if (now < unknown.until) return null;
      this.unknown.delete(slot);
    }
    return undefined;
  }

  /** Caches `entry`, whose record's hash is `hash` (the verifier checks that first). */
  setKnown(hash: string, entry: CachedKey): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    const slot = slotOf(hash);
    this.known.delete(slot);
    if (this.known.size >= this.options.maxEntries) evictOldest(this.known);
    this.known.set(slot, entry);
  }

  setUnknown(hash: string, now: number): void {
    if (this.options.maxUnknown <= 0 || this.options.unknownTtlMs <= 0) return;
    const slot = slotOf(hash);
    this.unknown.delete(slot);
    if (this.unknown.size >= this.options.maxUnknown) evictOldest(this.unknown);
    this.unknown.set(slot, { hash, until: now + this.options.unknownTtlMs });
  }

  /**
   * Drops a hash (known or unknown) at once. The whole slot goes: should it hold another
   * hash, dropping that one too only costs it a storage read.
   */
  delete(hash: string): void {
    this.generation++;
    const slot = slotOf(hash);
    this.known.delete(slot);
    this.unknown.delete(slot);
  }

  clear(): void {
    this.generation++;
    this.known.clear();
    this.unknown.clear();
  }

  /** Entry counts, for tests and diagnostics. */
  get size(): { known: number; unknown: number } {
    return { known: this.known.size, unknown: this.unknown.size };
  }
}

function evictOldest(map: Map<number, unknown>): void {
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}

function toVerifiedKey(record: StoredKey): VerifiedKey {
  return Object.freeze({
    id: record.id,
    accountId: record.accountId,
    name: record.name,
    prefix: record.prefix,
    scopes: Object.freeze([...record.scopes]),
    status: record.graceEndsAt === null ? 'Active' : 'Rotated',
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
  });
}

/** A cache entry for `record`: the allowlist compiled and the `VerifiedKey` built once. */
export function cachedKey(record: StoredKey, staleAt: number): CachedKey {
  return {
    record,
    allowlist: record.allowlist.length > 0 ? compileAllowlist(record.allowlist) : null,
    verified: toVerifiedKey(record),
    successes: new Map(),
    last: null,
    staleAt,
  };
}

/**
 * The success of `entry` for `scope`: one frozen result per key and scope, and one settled
 * promise of it (see {@link settledSuccess}), so that an admitted request allocates neither.
 */
export function successOf(entry: CachedKey, scope: string | null): Success {
  const last = entry.last;
  if (last !== null && last.result.scope === scope) return last;
  let success = entry.successes.get(scope);
  if (success === undefined) {
    const result: VerifySuccess = Object.freeze({ ok: true as const, key: entry.verified, scope });
    success = { result, settled: null };
    entry.successes.set(scope, success);
  }
  entry.last = success;
  return success;
}

/**
 * The settled promise of a success, as a cache hit returns it. Frozen: every caller gets the
 * same one, so none may tag it for the others.
 */
export function settledSuccess(success: Success): Promise<VerifySuccess> {
  if (success.settled === null) success.settled = Object.freeze(Promise.resolve(success.result));
  return success.settled;
}
