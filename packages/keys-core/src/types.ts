/**
 * Shared types of the engine: the records the storage adapter keeps, what callers see, and
 * the audit and usage events. Every record is JSON-safe (timestamps are epoch milliseconds,
 * lists are plain arrays) so that an adapter needs no codec and serialisation happens in one
 * layer only.
 */

/** A value or a promise of it: adapters may be synchronous (SQLite) or not (PostgreSQL). */
export type Awaitable<T> = T | Promise<T>;

/** Team roles of PRODUCT.md §1. A personal account's user is its `primary-owner`. */
export type Role = 'primary-owner' | 'owner' | 'member';

/** Who asks for a management operation. */
export interface Actor {
  userId: string;
  role: Role;
}

/** Statuses of PRODUCT.md §6, derived from the record and the clock, never stored. */
export type KeyStatus = 'Active' | 'Rotated' | 'Expired' | 'Revoked';

/** Epoch milliseconds. */
export type Clock = () => number;

/**
 * A key as the storage adapter keeps it. There is deliberately no field for the secret: the
 * type system keeps it out of storage. `hash` is the lowercase hex SHA-256 of the whole key.
 */
export interface StoredKey {
  /** `key_` + 24 base62 characters; public, safe to log. */
  id: string;
  accountId: string;
  /** Trimmed, 1–100 graphemes. */
  name: string;
  /** Lowercase hex SHA-256 of the full key: the lookup index of the verify path. */
  hash: string;
  /** The first 9 characters of the key (`bye_a1B2c`), shown as `bye_a1B2c...`. */
  prefix: string;
  /** The scopes granted, fixed at creation. */
  scopes: string[];
  /** The preset id the scopes came from, or `null` for a custom list. */
  preset: string | null;
  /** Normalised allowlist entries (canonical address or CIDR); empty means any IP. */
  allowlist: string[];
  createdAt: number;
  /** The `userId` of the actor who created (or rotated into) this key. */
  createdBy: string;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** When this key was rotated (it is the old key), else `null`. */
  rotatedAt: number | null;
  /** End of the rotation grace, already capped at `expiresAt`; `null` unless rotated. */
  graceEndsAt: number | null;
  /** The replacement's id when this key was rotated. */
  replacedBy: string | null;
  /** The predecessor's id when this key is a replacement. */
  rotatedFrom: string | null;
  /** Incremented by every update: the compare-and-set token. A new key has version 1. */
  version: number;
}

/**
 * The fields a compare-and-set update may change: the status fields, and the two an owner may
 * edit (`name`, `allowlist`). Scopes and expiry are fixed at creation.
 */
export type StoredKeyPatch = Partial<
  Pick<StoredKey, 'revokedAt' | 'rotatedAt' | 'graceEndsAt' | 'replacedBy' | 'name' | 'allowlist'>
>;

/** A key as callers see it: no hash, no version, plus the derived status. */
export interface ApiKey {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  scopes: string[];
  preset: string | null;
  allowlist: string[];
  createdAt: number;
  createdBy: string;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  rotatedAt: number | null;
  graceEndsAt: number | null;
  replacedBy: string | null;
  rotatedFrom: string | null;
  status: KeyStatus;
}

export type AuditEventType =
  | 'api_key.created'
  | 'api_key.rotated'
  | 'api_key.revoked'
  | 'api_key.deleted'
  | 'api_key.updated';

/** One entry of the activity feed. Never holds the secret. */
export interface AuditEvent {
  /** `evt_` + 24 base62 characters. */
  id: string;
  accountId: string;
  type: AuditEventType;
  at: number;
  actorId: string;
  actorRole: Role;
  keyId: string;
  keyPrefix: string;
  keyName: string;
  /** Extra facts: for a rotation `{ replacementId, replacementPrefix, graceHours }`. */
  data: Record<string, string | number | null>;
}

/** One guarded request, as logged for its key (PRODUCT.md §8). */
export interface UsageLog {
  /** `log_` + 24 base62 characters. */
  id: string;
  keyId: string;
  accountId: string;
  at: number;
  method: string;
  /** The path without its query string. */
  endpoint: string;
  /** The query string with sensitive values redacted, without the leading `?`; '' when none. */
  query: string;
  status: number;
  /** The BSE code of a refusal, `null` on success. */
  errorCode: string | null;
  /** Lowercase hex SHA-256 of the client IP: the raw IP is never stored. */
  ipHash: string;
  userAgent: string | null;
}

/**
 * What happened to one request of an identified key, as the usage counters group it:
 * admitted (`success`), or refused for lacking the route's scope (`scope`), from an address
 * outside the allowlist (`ip`), by a rate or concurrency limit (`rate_limit`), because the key
 * is revoked, expired or past its rotation grace (`dead_key`), or for any other reason
 * (`other`, e.g. a route outside the table).
 */
export type UsageOutcome = 'success' | 'scope' | 'ip' | 'rate_limit' | 'dead_key' | 'other';

/**
 * One usage counter: the requests of one key in one UTC minute with one outcome and code.
 * Counters are exact (every request of an identified key is counted, whatever happened to its
 * raw log row) and small (a handful of rows per key per minute, whatever the traffic).
 * `addUsageCounts` ADDS `count` and `notItemised` to the stored row.
 */
export interface UsageCounter {
  keyId: string;
  accountId: string;
  /** Start of the minute, epoch ms (a multiple of 60 000). */
  minute: number;
  outcome: UsageOutcome;
  /** The BSE code of a refusal as answered (e.g. `BSE1003`); `''` for a success. */
  code: string;
  /** Requests counted. */
  count: number;
  /** Of those, requests whose raw log row was not stored (buffer full, write failed). */
  notItemised: number;
}

/** What `readUsage` asks for: one account (one key of it when `keyId` is set), a time range. */
export interface UsageQuery {
  keyId?: string;
  /** Counters with `from <= minute < to` (epoch ms). */
  from: number;
  to: number;
}

/** One row of `readUsage`: an outcome's sums over one UTC day. */
export interface UsageTotal {
  /** Start of the UTC day, epoch ms. */
  day: number;
  outcome: UsageOutcome;
  count: number;
  notItemised: number;
}

/** A last-used stamp for `touchLastUsed`: the adapter keeps the greater of stored and given. */
export interface LastUsedStamp {
  id: string;
  at: number;
}

/** What the change feed says happened to a key, so that other processes drop caches. */
export interface KeyChange {
  /** `updated`: renamed or given a new allowlist (the verifier must not keep the old one). */
  type: 'revoked' | 'rotated' | 'deleted' | 'updated';
  keyId: string;
  /** The changed key's hash: caches are keyed by it. */
  hash: string;
}

/** Paging for listings, newest first. */
export interface ListOptions {
  /** At most this many rows. @default 100 */
  limit?: number;
  /** Only rows strictly older than this time (epoch ms). */
  before?: number;
}
