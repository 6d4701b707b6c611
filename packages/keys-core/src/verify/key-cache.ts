/**
 * The verifier's key cache, keyed by key hash. Two bounded maps in insertion order (the
 * oldest entry is evicted first; a hot key is re-read and re-inserted every `ttlMs`):
 *
 * - known hashes → a small entry with what the checks need, compiled once from the stored
 *   record (which is not kept): the frozen `VerifiedKey` handed to handlers, the allowlist
 *   matcher, when the key dies. A hit saves the storage read only: the checks still run on it
 *   (status from the clock, expiry, grace, IP, scope), so a cached key can never admit what a
 *   fresh read would refuse (better-auth PR #9393's bypass).
 * - unknown hashes → when they may be asked again, so that a flood of random, well-formed
 *   keys costs one storage read each at most once per `unknownTtlMs` and a bounded amount of
 *   memory (`maxUnknown` entries), however many keys are tried.
 *
 * `delete` drops a hash from both; the verifier calls it on revoke/rotate/delete and on
 * change-feed events. `generation` moves on every delete so that a read that was in flight
 * across an invalidation does not put its (possibly stale) record back.
 *
 * Both maps are keyed by a small integer, the digest's first 7 hex digits (28 bits), not by
 * the 64-character digest: a Map hashes a fresh string key character by character (~80 ns for
 * a digest, a third of the SHA-256 before it), and a number above 2^30 would be a heap
 * number. A small integer costs a few ns. Known entries sharing a slot are chained, and every
 * hit compares the full digest, so two digests sharing a slot never answer for each other.
 * (Unknown hashes sharing a slot replace each other: that only costs a storage read.)
 */
import { type AllowlistMatcher, compileAllowlist } from '../allowlist/index.js';
import type { StoredKey } from '../types.js';
import type { VerifiedKey } from './results.js';
import type { Success, SuccessHolder } from './success-memo.js';

/** What the cache keeps for one known hash (about 300 bytes; see PERF.md). */
export class CachedKey implements SuccessHolder {
  /** The next entry of the same slot. */
  next: CachedKey | null = null;
  last: Success | null = null;
  successes: Success[] | null = null;

  constructor(
    /** The key's hash (lowercase hex): a hit must equal it. */
    readonly hash: string,
    /** Built once; frozen; what a success hands to the handler. */
    readonly verified: VerifiedKey,
    /** `null` when the key has no allowlist (any IP). */
    readonly allowlist: AllowlistMatcher | null,
    /** Revoked: refused whatever the time. */
    readonly revoked: boolean,
    /** From this time on the key no longer authenticates (expiry or grace end), else Infinity. */
    readonly deadAt: number,
    /** Cache expiry (clock ms). */
    readonly staleAt: number,
  ) {}
}

export interface KeyCacheOptions {
  /** @default 100000 */
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

/** Hex digits of the digest that make its slot: 7 × 4 = 28 bits, a small integer. */
const SLOT_DIGITS = 7;

/**
 * The slot of a hex digest: its first 7 hex digits as a number (28 bits, a small integer).
 * Any string gives some number (NaN for one that is not hex, one shared slot): a slot is only
 * ever a place to look, never a match.
 */
export function slotOf(hash: string): number {
  let slot = 0;
  for (let i = 0; i < SLOT_DIGITS; i++) {
    const code = hash.charCodeAt(i) | 0x20; // lowercase letters; digits keep their codes
    slot = (slot << 4) | (code <= 57 ? code - 48 : code - 87);
  }
  return slot;
}

export class KeyCache {
  private readonly known = new Map<number, CachedKey>();
  private readonly unknown = new Map<number, UnknownHash>();
  private knownCount = 0;
  /** Moves on every invalidation; see the file comment. */
  generation = 0;

  constructor(private readonly options: KeyCacheOptions) {}

  /** The cached entry, `null` for a hash known not to exist, `undefined` on a miss. */
  get(hash: string, now: number): CachedKey | null | undefined {
    const slot = slotOf(hash);
    const entry = this.known.get(slot);
    // The hit inline, the rest apart: this sits on the hot path (see `verify`).
    if (entry !== undefined && entry.hash === hash && now < entry.staleAt) return entry;
    return this.miss(slot, hash, now, entry);
  }

  private miss(
    slot: number,
    hash: string,
    now: number,
    head: CachedKey | undefined,
  ): CachedKey | null | undefined {
    for (let entry = head ?? null; entry !== null; entry = entry.next) {
      if (entry.hash !== hash) continue;
      if (now < entry.staleAt) return entry;
      this.unlink(slot, hash); // stale
      return undefined;
    }
    const unknown = this.unknown.get(slot);
    if (unknown !== undefined && unknown.hash === hash) {
      if (now < unknown.until) return null;
      this.unknown.delete(slot);
    }
    return undefined;
  }

  /** Caches `entry` (whose hash the verifier checked against the record's). */
  setKnown(entry: CachedKey): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    const slot = slotOf(entry.hash);
    this.unlink(slot, entry.hash);
    while (this.knownCount >= this.options.maxEntries) this.evictOldest();
    const head = this.known.get(slot);
    entry.next = head ?? null;
    // Re-inserted, so the slot is the newest in eviction order.
    this.known.delete(slot);
    this.known.set(slot, entry);
    this.knownCount++;
  }

  setUnknown(hash: string, now: number): void {
    if (this.options.maxUnknown <= 0 || this.options.unknownTtlMs <= 0) return;
    const slot = slotOf(hash);
    this.unknown.delete(slot);
    if (this.unknown.size >= this.options.maxUnknown) {
      const oldest = this.unknown.keys().next();
      if (!oldest.done) this.unknown.delete(oldest.value);
    }
    this.unknown.set(slot, { hash, until: now + this.options.unknownTtlMs });
  }

  /** Drops a hash (known or unknown) at once, and moves the generation on. */
  delete(hash: string): void {
    this.generation++;
    const slot = slotOf(hash);
    this.unlink(slot, hash.toLowerCase());
    // The whole unknown slot goes: should it hold another hash, that only costs it a read.
    this.unknown.delete(slot);
  }

  clear(): void {
    this.generation++;
    this.known.clear();
    this.unknown.clear();
    this.knownCount = 0;
  }

  /** Entry counts, for tests and diagnostics. */
  get size(): { known: number; unknown: number } {
    return { known: this.knownCount, unknown: this.unknown.size };
  }

  /** Every known entry (for the bench's heap figure and diagnostics). */
  *entries(): IterableIterator<CachedKey> {
    for (const head of this.known.values()) {
      for (let entry: CachedKey | null = head; entry !== null; entry = entry.next) yield entry;
    }
  }

  /** Removes the entry of `hash` from its slot's chain. */
  private unlink(slot: number, hash: string): void {
    const head = this.known.get(slot);
    if (head === undefined) return;
    if (head.hash === hash) {
      this.knownCount--;
      if (head.next === null) this.known.delete(slot);
      else this.known.set(slot, head.next);
      return;
    }
    for (let entry = head; entry.next !== null; entry = entry.next) {
      if (entry.next.hash === hash) {
        entry.next = entry.next.next;
        this.knownCount--;
        return;
      }
    }
  }

  private evictOldest(): void {
    const oldest = this.known.entries().next();
    if (oldest.done) return;
    const [slot, head] = oldest.value;
    this.known.delete(slot);
    for (let entry: CachedKey | null = head; entry !== null; entry = entry.next) {
      this.knownCount--;
    }
  }
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
  const ends = [record.expiresAt, record.graceEndsAt].filter((at): at is number => at !== null);
  return new CachedKey(
    record.hash,
    toVerifiedKey(record),
    record.allowlist.length > 0 ? compileAllowlist(record.allowlist) : null,
    record.revokedAt !== null,
    ends.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...ends),
    staleAt,
  );
}
