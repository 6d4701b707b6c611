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
 */
import { type AllowlistMatcher, compileAllowlist } from '../allowlist/index.js';
import type { StoredKey } from '../types.js';
import type { VerifiedKey, VerifySuccess } from './results.js';

/** What the cache keeps for one known hash. */
export interface CachedKey {
  readonly record: StoredKey;
  /** `null` when the key has no allowlist (any IP). */
  readonly allowlist: AllowlistMatcher | null;
  /** Built once per record; frozen. */
  readonly verified: VerifiedKey;
  /** The frozen success answer per scope, built on first use. */
  readonly successes: Map<string, VerifySuccess>;
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

export class KeyCache {
  private readonly known = new Map<string, CachedKey>();
  private readonly unknown = new Map<string, number>();
  /** Moves on every invalidation; see the file comment. */
  generation = 0;

  constructor(private readonly options: KeyCacheOptions) {}

  /** The cached entry, `null` for a hash known not to exist, `undefined` on a miss. */
  get(hash: string, now: number): CachedKey | null | undefined {
    const entry = this.known.get(hash);
    if (entry !== undefined) {
      if (now < entry.staleAt) return entry;
      this.known.delete(hash);
      return undefined;
    }
    const until = this.unknown.get(hash);
    if (until !== undefined) {
      if (now < until) return null;
      this.unknown.delete(hash);
    }
    return undefined;
  }

  setKnown(hash: string, entry: CachedKey): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    this.known.delete(hash);
    if (this.known.size >= this.options.maxEntries) evictOldest(this.known);
    this.known.set(hash, entry);
  }

  setUnknown(hash: string, now: number): void {
    if (this.options.maxUnknown <= 0 || this.options.unknownTtlMs <= 0) return;
    this.unknown.delete(hash);
    if (this.unknown.size >= this.options.maxUnknown) evictOldest(this.unknown);
    this.unknown.set(hash, now + this.options.unknownTtlMs);
  }

  /** Drops a hash (known or unknown) at once. */
  delete(hash: string): void {
    this.generation++;
    this.known.delete(hash);
    this.unknown.delete(hash);
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

function evictOldest(map: Map<string, unknown>): void {
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
    staleAt,
  };
}
