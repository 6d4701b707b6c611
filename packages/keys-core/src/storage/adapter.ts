import type {
  AuditEvent,
  Awaitable,
  KeyChange,
  LastUsedStamp,
  ListOptions,
  StoredKey,
  StoredKeyPatch,
  UsageCounter,
  UsageLog,
  UsageQuery,
  UsageTotal,
} from '../types.js';
import type { AccountLogsQuery, KeyPageQuery, StoredKeyPage } from './key-query.js';

/**
 * What the engine needs from storage: a few verbs about its own records, nothing generic.
 * Every mutation takes the audit event that records it and writes both in one transaction,
 * so that the activity feed never misses a change and never shows one that did not happen.
 *
 * Errors: an adapter throws whatever its driver throws; the engine wraps it in a
 * `KeysError` with code `STORAGE_UNAVAILABLE` (and the verifier refuses the request).
 * Conflicts are signalled by return values, not exceptions, except `insertKey`, which throws
 * `KeysError` `CONFLICT` on a duplicate id or hash.
 *
 * Prove an adapter with `describeStorageAdapter` from `@babysea/keys-core/testing`.
 */
export interface StorageAdapter {
  /** Inserts a new key and its `api_key.created` event. Rejects a duplicate id or hash. */
  insertKey(key: StoredKey, event: AuditEvent): Awaitable<void>;

  /** The only read on the verify path. `null` when no key has this hash. */
  findKeyByHash(hash: string): Awaitable<StoredKey | null>;

  /** One key of one account; `null` when missing or in another account. */
  findKey(accountId: string, keyId: string): Awaitable<StoredKey | null>;

  /** The account's keys, newest first (by `createdAt`, then `id`). */
  listKeys(accountId: string): Awaitable<StoredKey[]>;

  /**
   * Compare-and-set: applies `patch` and increments `version` only if the stored key exists
   * in this account with `version === expectedVersion`. Returns the updated key, or `null`
   * when the key is missing or its version moved on (the caller re-reads and decides).
   * `event` (e.g. `api_key.revoked`) is written in the same transaction, only on success.
   * An adapter with a change feed publishes `{ type: 'revoked' }` when `patch.revokedAt` is set,
   * and `{ type: 'updated' }` when the patch sets `name` or `allowlist` (and not `revokedAt`).
   */
  updateKey(
    accountId: string,
    keyId: string,
    expectedVersion: number,
    patch: StoredKeyPatch,
    event: AuditEvent,
  ): Awaitable<StoredKey | null>;

  /**
   * Rotation in one transaction: compare-and-set of the old key (as `updateKey`) and insert of
   * its `replacement`, plus `event`. Returns the updated old key, or `null` (nothing written)
   * when the old key is missing or its version moved on. Publishes `{ type: 'rotated' }`.
   */
  rotateKey(
    accountId: string,
    keyId: string,
    expectedVersion: number,
    patch: StoredKeyPatch,
    replacement: StoredKey,
    event: AuditEvent,
  ): Awaitable<StoredKey | null>;

  /**
   * Deletes the key and all its usage logs and counters in one transaction, and writes `event`.
   * Returns the deleted key, or `null` when there was none. Audit events stay.
   * Publishes `{ type: 'deleted' }`.
   */
  deleteKey(accountId: string, keyId: string, event: AuditEvent): Awaitable<StoredKey | null>;

  /**
   * Batched last-used writes: for each stamp, `lastUsedAt = max(lastUsedAt, at)`. Does not
   * change `version` (it is not a status change). Unknown ids are ignored.
   */
  touchLastUsed(stamps: LastUsedStamp[]): Awaitable<void>;

  /** Appends usage logs in one batch. Logs of unknown keys are dropped, not an error. */
  appendUsageLogs(logs: UsageLog[]): Awaitable<void>;

  /** A key's usage logs, newest first (by `at`, then `id`). */
  listUsageLogs(accountId: string, keyId: string, options?: ListOptions): Awaitable<UsageLog[]>;

  /**
   * Deletes usage logs with `at < olderThan`, and usage counters with `minute < olderThan`;
   * returns how many logs.
   */
  purgeUsageLogs(olderThan: number): Awaitable<number>;

  /**
   * Upserts usage counters: adds each counter's `count` and `notItemised` to the stored row
   * of its (keyId, minute, outcome, code), created at 0 when missing. Counters of an unknown
   * key, or whose account is not their key's, are dropped (as logs are), not an error. Not
   * idempotent: the engine sends each delta once, and again only after a failed write.
   * `deleteKey` deletes a key's counters with its logs.
   */
  addUsageCounts(counters: UsageCounter[]): Awaitable<void>;

  /**
   * The account's counters (one key's, when `query.keyId` is set) with
   * `query.from <= minute < query.to`, summed per UTC day and outcome by the store (a SQL
   * `GROUP BY`, not rows shipped to the engine). Days or outcomes without requests are
   * absent; the order is unspecified.
   */
  readUsage(accountId: string, query: UsageQuery): Awaitable<UsageTotal[]>;

  /** The account's audit events, newest first (by `at`, then `id`). */
  listAuditEvents(accountId: string, options?: ListOptions): Awaitable<AuditEvent[]>;

  /**
   * A per-deployment secret, kept by the storage: stores `candidate` under `name` unless a
   * value is already stored there, and returns the stored value (so every process of one
   * deployment, and every restart, agrees on it; two processes racing both get the first
   * value written). The engine keys its IP hashes with it (`name` `'ip-hash'`, `candidate` 43
   * random base62 characters). Optional: without it an engine not given `ipHashSecret` keys its
   * hashes with a secret of its own process (reported to `onError`), so hashes then differ
   * between processes and restarts.
   */
  getOrCreateSecret?(name: string, candidate: string): Awaitable<string>;

  /**
   * Optional change feed: calls `listener` for every revoke, rotate and delete made through
   * any process sharing this storage (its own included is fine). Returns an unsubscribe.
   */
  subscribe?(listener: (change: KeyChange) => void): Awaitable<() => Awaitable<void>>;

  /**
   * One page of the account's keys: `query.status` and `query.search` filter, `query.sort` and
   * `query.order` order (ties by id in the same order), `query.after` skips up to and including
   * the cursor's row, and `total` counts every key the filters keep. Done by the store (an
   * indexed range), so a 10,000-key account answers in milliseconds. Helpers for the filter and
   * order are in `key-query.ts` (`compareKeysFor`, `matchesKeyFilters`, `isAfterKeyCursor`).
   */
  listKeyPage(accountId: string, query: KeyPageQuery): Awaitable<StoredKeyPage>;

  /**
   * The account's usage logs across all its keys, newest first (by `at`, then `id`), filtered
   * by `query` (time range, key, outcome, status, BSE code) and paged by `query.after`.
   */
  listAccountUsageLogs(accountId: string, query: AccountLogsQuery): Awaitable<UsageLog[]>;

  /** Releases what the adapter opened itself (not a pool or database it was given). */
  close?(): Awaitable<void>;
}
