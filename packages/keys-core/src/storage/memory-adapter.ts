import { KeysError } from '../errors/keys-error.js';
import { deriveStatus } from '../lifecycle/status.js';
import type {
  AuditEvent,
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
import type { StorageAdapter } from './adapter.js';
import { copyAuditEvent, copyStoredKey, copyUsageLog } from './copy.js';
import {
  type AccountLogsQuery,
  compareKeysFor,
  isAfterKeyCursor,
  type KeyPageQuery,
  matchesKeyFilters,
  matchesLogQuery,
  type StoredKeyPage,
} from './key-query.js';
import { createMemoryUsage, DEFAULT_MEMORY_LOG_WINDOW } from './memory-usage.js';
import { compareNewestFirst, pageNewestFirst } from './paging.js';

/** Options of {@link createMemoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Raw usage-log rows kept (the newest, over all keys); older rows are forgotten as a
   * retention purge forgets them. Usage counters (`keys.usage`) are kept whole and stay exact.
   * 0 keeps none. @default 10000
   */
  maxUsageLogs?: number;
}

/** A change-feed listener, as `StorageAdapter.subscribe` takes it. */
export type KeyChangeListener = (change: KeyChange) => void;

/**
 * The in-memory adapter: every method of `StorageAdapter`, always asynchronous (so code that
 * forgets an `await` fails here as it would on a real database), plus a required `subscribe`.
 */
export interface MemoryStorage extends StorageAdapter {
  insertKey(key: StoredKey, event: AuditEvent): Promise<void>;
  findKeyByHash(hash: string): Promise<StoredKey | null>;
  findKey(accountId: string, keyId: string): Promise<StoredKey | null>;
  listKeys(accountId: string): Promise<StoredKey[]>;
  updateKey(
    accountId: string,
    keyId: string,
    expectedVersion: number,
    patch: StoredKeyPatch,
    event: AuditEvent,
  ): Promise<StoredKey | null>;
  rotateKey(
    accountId: string,
    keyId: string,
    expectedVersion: number,
    patch: StoredKeyPatch,
    replacement: StoredKey,
    event: AuditEvent,
  ): Promise<StoredKey | null>;
  deleteKey(accountId: string, keyId: string, event: AuditEvent): Promise<StoredKey | null>;
  touchLastUsed(stamps: LastUsedStamp[]): Promise<void>;
  appendUsageLogs(logs: UsageLog[]): Promise<void>;
  listUsageLogs(accountId: string, keyId: string, options?: ListOptions): Promise<UsageLog[]>;
  purgeUsageLogs(olderThan: number): Promise<number>;
  addUsageCounts(counters: UsageCounter[]): Promise<void>;
  readUsage(accountId: string, query: UsageQuery): Promise<UsageTotal[]>;
  listAuditEvents(accountId: string, options?: ListOptions): Promise<AuditEvent[]>;
  listKeyPage(accountId: string, query: KeyPageQuery): Promise<StoredKeyPage>;
  listAccountUsageLogs(accountId: string, query: AccountLogsQuery): Promise<UsageLog[]>;
  getOrCreateSecret(name: string, candidate: string): Promise<string>;
  subscribe(listener: KeyChangeListener): Promise<() => Promise<void>>;
  /** Drops the listeners; every later call rejects, as a closed pool would. */
  close(): Promise<void>;
}

/**
 * Creates an empty in-memory storage: the reference adapter, for tests, demos and a single
 * process that may lose its keys on restart. It passes `describeStorageAdapter`.
 *
 * Every method is atomic: it checks and writes synchronously, with no `await` in between, so
 * two concurrent compare-and-sets on one key cannot both win. Records are copied in and out,
 * so a caller cannot change storage by mutating an object it passed or received.
 *
 * Bounded: usage counters are kept whole (a handful per key per minute), raw usage-log rows
 * only as a window of the newest `maxUsageLogs` (10,000 by default) over all keys.
 *
 * @example
 * ```ts
 * import { createKeys } from '@babysea/keys-core';
 * import { createMemoryStorage } from '@babysea/keys-core/memory';
 *
 * const keys = createKeys({ storage: createMemoryStorage() });
 * ```
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): MemoryStorage {
  const keysById = new Map<string, StoredKey>();
  const idByHash = new Map<string, string>();
  const idsByAccount = new Map<string, Set<string>>();
  const usage = createMemoryUsage(options.maxUsageLogs ?? DEFAULT_MEMORY_LOG_WINDOW);
  const eventsByAccount = new Map<string, AuditEvent[]>();
  const secrets = new Map<string, string>();
  const listeners = new Set<KeyChangeListener>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error('memory storage is closed');
  }

  function ownedKey(accountId: string, keyId: string): StoredKey | undefined {
    const key = keysById.get(keyId);
    return key !== undefined && key.accountId === accountId ? key : undefined;
  }

  function assertInsertable(key: StoredKey): void {
    if (keysById.has(key.id)) throw new KeysError('CONFLICT', `a key with id ${key.id} exists`);
    if (idByHash.has(key.hash)) throw new KeysError('CONFLICT', 'a key with this hash exists');
  }

  function storeKey(key: StoredKey): void {
    const copy = copyStoredKey(key);
    keysById.set(copy.id, copy);
    idByHash.set(copy.hash, copy.id);
    let ids = idsByAccount.get(copy.accountId);
    if (ids === undefined) {
      ids = new Set();
      idsByAccount.set(copy.accountId, ids);
    }
    ids.add(copy.id);
  }

  function recordEvent(event: AuditEvent): void {
    let events = eventsByAccount.get(event.accountId);
    if (events === undefined) {
      events = [];
      eventsByAccount.set(event.accountId, events);
    }
    events.push(copyAuditEvent(event));
  }

  /** Applies only the fields a patch may change, whatever else the object carries. */
  function applyPatch(key: StoredKey, patch: StoredKeyPatch): StoredKey {
    const next = copyStoredKey(key);
    if (patch.revokedAt !== undefined) next.revokedAt = patch.revokedAt;
    if (patch.rotatedAt !== undefined) next.rotatedAt = patch.rotatedAt;
    if (patch.graceEndsAt !== undefined) next.graceEndsAt = patch.graceEndsAt;
    if (patch.replacedBy !== undefined) next.replacedBy = patch.replacedBy;
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.allowlist !== undefined) next.allowlist = [...patch.allowlist];
    next.version = key.version + 1;
    return next;
  }

  function publish(change: KeyChange): void {
    for (const listener of listeners) {
      // The write has committed: a throwing listener (a cache bug) must not fail it.
      try {
        listener({ ...change });
      } catch {}
    }
  }

  return {
    async insertKey(key, event) {
      assertOpen();
      assertInsertable(key);
      storeKey(key);
      recordEvent(event);
    },

    async findKeyByHash(hash) {
      assertOpen();
      const id = idByHash.get(hash);
      const key = id === undefined ? undefined : keysById.get(id);
      return key === undefined ? null : copyStoredKey(key);
    },

    async findKey(accountId, keyId) {
      assertOpen();
      const key = ownedKey(accountId, keyId);
      return key === undefined ? null : copyStoredKey(key);
    },

    async listKeys(accountId) {
      assertOpen();
      const ids = idsByAccount.get(accountId) ?? new Set<string>();
      const keys: StoredKey[] = [];
      for (const id of ids) {
        const key = keysById.get(id);
        if (key !== undefined) keys.push(copyStoredKey(key));
      }
      return keys.sort((a, b) => compareNewestFirst(a.createdAt, a.id, b.createdAt, b.id));
    },

    async updateKey(accountId, keyId, expectedVersion, patch, event) {
      assertOpen();
      const key = ownedKey(accountId, keyId);
      if (key === undefined || key.version !== expectedVersion) return null;
      const next = applyPatch(key, patch);
      keysById.set(keyId, next);
      recordEvent(event);
      if (patch.revokedAt !== undefined && patch.revokedAt !== null) {
        publish({ type: 'revoked', keyId, hash: next.hash });
      } else if (patch.name !== undefined || patch.allowlist !== undefined) {
        publish({ type: 'updated', keyId, hash: next.hash });
      }
      return copyStoredKey(next);
    },

    async rotateKey(accountId, keyId, expectedVersion, patch, replacement, event) {
      assertOpen();
      const key = ownedKey(accountId, keyId);
      if (key === undefined || key.version !== expectedVersion) return null;
      // Checked before any write: on a duplicate replacement nothing is written.
      assertInsertable(replacement);
      const next = applyPatch(key, patch);
      keysById.set(keyId, next);
      storeKey(replacement);
      recordEvent(event);
      publish({ type: 'rotated', keyId, hash: next.hash });
      return copyStoredKey(next);
    },

    async deleteKey(accountId, keyId, event) {
      assertOpen();
      const key = ownedKey(accountId, keyId);
      if (key === undefined) return null;
      keysById.delete(keyId);
      idByHash.delete(key.hash);
      idsByAccount.get(accountId)?.delete(keyId);
      usage.deleteKey(keyId);
      recordEvent(event);
      publish({ type: 'deleted', keyId, hash: key.hash });
      return copyStoredKey(key);
    },

    async touchLastUsed(stamps) {
      assertOpen();
      for (const stamp of stamps) {
        const key = keysById.get(stamp.id);
        if (key === undefined) continue;
        // Not a status change: no version bump, so it never fails a concurrent rotation.
        if (key.lastUsedAt === null || stamp.at > key.lastUsedAt) key.lastUsedAt = stamp.at;
      }
    },

    async appendUsageLogs(logs) {
      assertOpen();
      usage.appendLogs(logs.filter((log) => ownedKey(log.accountId, log.keyId) !== undefined));
    },

    async listUsageLogs(accountId, keyId, options) {
      assertOpen();
      if (ownedKey(accountId, keyId) === undefined) return [];
      const rows = usage.logsOf(keyId);
      rows.sort((a, b) => compareNewestFirst(a.at, a.id, b.at, b.id));
      return pageNewestFirst(rows, (row) => row.at, options).map(copyUsageLog);
    },

    async purgeUsageLogs(olderThan) {
      assertOpen();
      return usage.purge(olderThan);
    },

    async addUsageCounts(counters) {
      assertOpen();
      usage.addCounts(
        counters.filter((counter) => ownedKey(counter.accountId, counter.keyId) !== undefined),
      );
    },

    async readUsage(accountId, query) {
      assertOpen();
      return usage.read(accountId, query);
    },

    async listKeyPage(accountId, query) {
      assertOpen();
      const matching: StoredKey[] = [];
      for (const id of idsByAccount.get(accountId) ?? []) {
        const key = keysById.get(id);
        if (key === undefined) continue;
        if (matchesKeyFilters(key, query, deriveStatus(key, query.now))) matching.push(key);
      }
      matching.sort(compareKeysFor(query));
      const after = query.after;
      const start =
        after === undefined ? 0 : matching.findIndex((key) => isAfterKeyCursor(key, query, after));
      const keys =
        start < 0 ? [] : matching.slice(start, start + Math.max(0, query.limit)).map(copyStoredKey);
      return { keys, total: matching.length };
    },

    async listAccountUsageLogs(accountId, query) {
      assertOpen();
      const rows: UsageLog[] = [];
      for (const log of usage.logs()) {
        if (log.accountId === accountId && matchesLogQuery(log, query)) rows.push(log);
      }
      rows.sort((a, b) => compareNewestFirst(a.at, a.id, b.at, b.id));
      return rows.slice(0, Math.max(0, query.limit)).map(copyUsageLog);
    },

    async listAuditEvents(accountId, options) {
      assertOpen();
      const events = [...(eventsByAccount.get(accountId) ?? [])];
      events.sort((a, b) => compareNewestFirst(a.at, a.id, b.at, b.id));
      return pageNewestFirst(events, (event) => event.at, options).map(copyAuditEvent);
    },

    async getOrCreateSecret(name, candidate) {
      let value = secrets.get(name);
      if (value === undefined) {
        value = candidate;
        secrets.set(name, value);
      }
      return value;
    },

    async subscribe(listener) {
      assertOpen();
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
      };
    },

    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
