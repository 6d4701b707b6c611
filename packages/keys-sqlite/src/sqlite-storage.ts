/**
 * `createSqliteStorage`: the StorageAdapter on one SQLite file (better-sqlite3). Every method is
 * synchronous under the hood: a better-sqlite3 transaction runs to completion before any other
 * JavaScript, so compare-and-set is atomic within a connection, and `BEGIN IMMEDIATE` plus
 * `busy_timeout` serialise writers across connections and processes.
 */
import { resolve } from 'node:path';
import type {
  AuditEvent,
  KeyChange,
  LastUsedStamp,
  ListOptions,
  StorageAdapter,
  StoredKey,
  StoredKeyPatch,
  UsageCounter,
  UsageLog,
  UsageOutcome,
  UsageTotal,
} from '@babysea/keys-core';
import { KeysError } from '@babysea/keys-core';
import type { Database } from 'better-sqlite3';
import { type FeedKey, publishChange, subscribeChanges } from './change-feed.js';
import {
  createChangeJournal,
  DEFAULT_CHANGE_POLL_MS,
  JOURNAL_RETENTION_MS,
} from './change-journal.js';
import { configure, openDatabase } from './connection.js';
import { createPagedReads } from './paged-reads.js';
import {
  type AuditEventRow,
  eventToRow,
  type KeyRow,
  keyToRow,
  rowToEvent,
  rowToKey,
  rowToLog,
  type UsageLogRow,
} from './rows.js';
import { migrate as runMigrations } from './schema.js';
import {
  type CounterStatements,
  LOG_CHUNK_SIZES,
  LOG_ROW_VALUES,
  prepareCounterStatements,
  prepareStatements,
  type Statements,
} from './statements.js';

/** Options of {@link createSqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * An open better-sqlite3 `Database` (never closed by the adapter), or a file path (or
   * `':memory:'`) that the adapter opens itself and closes in `close()`.
   */
  database: Database | string;
  /**
   * How long a writer waits for another connection's lock before failing with `SQLITE_BUSY`.
   * Set on databases the adapter opens, and on a given one whose timeout is 0.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * Run the schema migrations on start. Turn off only when you run `migrate` yourself.
   * @default true
   */
  migrate?: boolean;
  /**
   * Called when a change-feed listener throws (the change itself is committed).
   * @default logs to console.error
   */
  onError?: (error: unknown) => void;
  /**
   * How often a process with subscribers checks the file for revokes, rotations and deletes
   * made by other processes (`PRAGMA data_version`, then the change journal). A revoked key is
   * dropped from every process's cache within about this long. Unused for in-memory databases.
   * @default 250
   */
  changePollMs?: number;
}

/** The SQLite adapter: a `StorageAdapter` with its change feed, `close` and the open database. */
export interface SqliteStorage extends StorageAdapter {
  /** The connection in use (for backups, checkpoints or your own queries). */
  readonly database: Database;
  subscribe(listener: (change: KeyChange) => void): () => void;
  getOrCreateSecret(name: string, candidate: string): string;
  close(): void;
}

const DEFAULT_LIMIT = 100;
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function conflict(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new KeysError('CONFLICT', 'A key with this id or hash already exists.', {
      cause: error,
    });
  }
  throw error;
}

function listBounds(options: ListOptions | undefined): { before: number; limit: number } {
  return {
    before: options?.before ?? NO_UPPER_BOUND,
    limit: Math.max(0, Math.floor(options?.limit ?? DEFAULT_LIMIT)),
  };
}

function patchParams(patch: StoredKeyPatch): Record<string, number | string | null> {
  const flag = (value: unknown) => (value === undefined ? 0 : 1);
  return {
    set_revoked_at: flag(patch.revokedAt),
    revoked_at: patch.revokedAt ?? null,
    set_rotated_at: flag(patch.rotatedAt),
    rotated_at: patch.rotatedAt ?? null,
    set_grace_ends_at: flag(patch.graceEndsAt),
    grace_ends_at: patch.graceEndsAt ?? null,
    set_replaced_by: flag(patch.replacedBy),
    replaced_by: patch.replacedBy ?? null,
    set_name: flag(patch.name),
    name: patch.name ?? null,
    set_allowlist: flag(patch.allowlist),
    allowlist: patch.allowlist === undefined ? null : JSON.stringify(patch.allowlist),
  };
}

/** The logs of one key in a batch, and the account that key belongs to. */
interface LogGroup {
  accountId: string;
  rows: UsageLog[];
}

/**
 * A batch's logs by key, looking each key up once (a batch usually covers few keys). A key
 * that does not exist maps to `null`; a log whose account is not its key's is left out. Both
 * are dropped, not an error. Runs inside the batch's transaction.
 */
function groupLogsByKey(logs: UsageLog[], s: Statements): Map<string, LogGroup | null> {
  const groups = new Map<string, LogGroup | null>();
  for (const log of logs) {
    let group = groups.get(log.keyId);
    if (group === undefined) {
      const accountId = s.keyAccount.get(log.keyId) as string | undefined;
      group = accountId === undefined ? null : { accountId, rows: [] };
      groups.set(log.keyId, group);
    }
    if (group !== null && log.accountId === group.accountId) group.rows.push(log);
  }
  return groups;
}

/** What a log statement binds once (by name) for all the rows of its chunk. */
interface SharedLogValues {
  key_id: string;
  account_id: string;
  method: string | null;
  endpoint: string | null;
  query: string | null;
  ip_hash: string | null;
}

/**
 * Writes rows of one key with the multi-row statements of `LOG_CHUNK_SIZES`, binding the
 * values positionally from arrays allocated once. One key per statement also keeps the pages a
 * statement touches few: a multi-row insert keeps a statement journal (because of the foreign
 * key), which SQLite spills to a temporary file past 64 KiB, as rows of many keys in one
 * statement did (2x the system time). Per chunk, `method`, `endpoint`, `query` and
 * `ip_hash` take the chunk's first row's value as the shared one; a row that repeats it binds
 * NULL (the statement's `coalesce` restores it). These columns are NOT NULL, so a row whose
 * value is missing (a bad row) makes the chunk share NULL for that column instead: every row
 * then binds its own value and the missing one still fails the batch.
 */
function createLogInserter(s: Statements) {
  const params = LOG_CHUNK_SIZES.map((rows) => new Array<unknown>(rows * LOG_ROW_VALUES));
  const shared: SharedLogValues = {
    key_id: '',
    account_id: '',
    method: null,
    endpoint: null,
    query: null,
    ip_hash: null,
  };
  return (keyId: string, accountId: string, rows: UsageLog[]): void => {
    shared.key_id = keyId;
    shared.account_id = accountId;
    let start = 0;
    for (let size = 0; size < LOG_CHUNK_SIZES.length; size++) {
      const chunk = LOG_CHUNK_SIZES[size]!;
      const statement = s.insertLogs[size]!;
      const values = params[size]!;
      for (; rows.length - start >= chunk; start += chunk) {
        const first = rows[start]!;
        let method: string | null = first.method;
        let endpoint: string | null = first.endpoint;
        let query: string | null = first.query;
        let ipHash: string | null = first.ipHash;
        for (let i = 1; i < chunk; i++) {
          const log = rows[start + i]!;
          if (log.method == null) method = null;
          if (log.endpoint == null) endpoint = null;
          if (log.query == null) query = null;
          if (log.ipHash == null) ipHash = null;
        }
        shared.method = method ?? null;
        shared.endpoint = endpoint ?? null;
        shared.query = query ?? null;
        shared.ip_hash = ipHash ?? null;
        for (let i = 0; i < chunk; i++) {
          const log = rows[start + i]!;
          const at = i * LOG_ROW_VALUES;
          values[at] = log.id;
          values[at + 1] = log.at;
          values[at + 2] = log.method === method ? null : log.method;
          values[at + 3] = log.endpoint === endpoint ? null : log.endpoint;
          values[at + 4] = log.query === query ? null : log.query;
          values[at + 5] = log.status;
          values[at + 6] = log.errorCode;
          values[at + 7] = log.ipHash === ipHash ? null : log.ipHash;
          values[at + 8] = log.userAgent;
        }
        statement.run(values, shared);
      }
    }
  };
}

/**
 * Creates the SQLite storage adapter. Opens (or uses) the database, sets WAL, `busy_timeout`
 * and foreign keys, runs the migrations, and prepares every statement once.
 *
 * @example
 * import { createKeys } from '@babysea/keys-core';
 * import { createSqliteStorage } from '@babysea/keys-sqlite';
 * const keys = createKeys({ storage: createSqliteStorage({ database: '.data/keys.db' }) });
 */
export function createSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const onError =
    options.onError ?? ((error: unknown) => console.error('[keys-sqlite] listener failed', error));
  const owned = typeof options.database === 'string';
  const db =
    typeof options.database === 'string'
      ? openDatabase(options.database, busyTimeoutMs)
      : options.database;

  let s: Statements;
  try {
    configure(db, owned, busyTimeoutMs);
    if (options.migrate !== false) runMigrations(db);
    s = prepareStatements(db);
  } catch (error) {
    if (owned) db.close();
    throw error;
  }

  const feedKey: FeedKey = db.memory || db.name === '' ? db : resolve(db.name);
  const publish = (change: KeyChange) => publishChange(feedKey, change, onError);
  const unsubscribes = new Set<() => void>();
  const journal = createChangeJournal(db, options.changePollMs ?? DEFAULT_CHANGE_POLL_MS);
  // One poller per adapter, running while it has subscribers (file databases only: an
  // in-memory database has no other process).
  const crossProcess = typeof feedKey === 'string';
  let stopWatching: (() => void) | null = null;
  const journalChange = (change: KeyChange) => journal.record(change, Date.now());

  const insertKeyTx = db.transaction((key: StoredKey, event: AuditEvent) => {
    s.insertKey.run(keyToRow(key));
    s.insertEvent.run(eventToRow(event));
  });

  /** The compare-and-set itself; the callers run it inside their transaction. */
  const compareAndSet = (
    accountId: string,
    keyId: string,
    expected: number,
    patch: StoredKeyPatch,
  ) => {
    const row = s.compareAndSet.get({
      id: keyId,
      account_id: accountId,
      expected_version: expected,
      ...patchParams(patch),
    }) as KeyRow | undefined;
    return row ? rowToKey(row) : null;
  };

  const updateTx = db.transaction(
    (
      accountId: string,
      keyId: string,
      expected: number,
      patch: StoredKeyPatch,
      event: AuditEvent,
    ) => {
      const updated = compareAndSet(accountId, keyId, expected, patch);
      if (updated) {
        s.insertEvent.run(eventToRow(event));
        if (patch.revokedAt != null) journalChange({ type: 'revoked', keyId, hash: updated.hash });
        else if (patch.name !== undefined || patch.allowlist !== undefined) {
          journalChange({ type: 'updated', keyId, hash: updated.hash });
        }
      }
      return updated;
    },
  );

  const rotateTx = db.transaction(
    (
      accountId: string,
      keyId: string,
      expected: number,
      patch: StoredKeyPatch,
      replacement: StoredKey,
      event: AuditEvent,
    ) => {
      const updated = compareAndSet(accountId, keyId, expected, patch);
      if (!updated) return null;
      s.insertKey.run(keyToRow(replacement));
      s.insertEvent.run(eventToRow(event));
      journalChange({ type: 'rotated', keyId, hash: updated.hash });
      return updated;
    },
  );

  const deleteTx = db.transaction((accountId: string, keyId: string, event: AuditEvent) => {
    const row = s.deleteKey.get(keyId, accountId) as KeyRow | undefined;
    if (!row) return null;
    s.deleteLogsOfKey.run(keyId);
    s.insertEvent.run(eventToRow(event));
    journalChange({ type: 'deleted', keyId, hash: row.hash });
    return rowToKey(row);
  });

  const touchTx = db.transaction((stamps: LastUsedStamp[]) => {
    for (const stamp of stamps) s.touch.run({ id: stamp.id, at: stamp.at });
  });

  let counterStatements: CounterStatements | undefined;
  const cs = (): CounterStatements => {
    counterStatements ??= prepareCounterStatements(db);
    return counterStatements;
  };

  const addCountsTx = db.transaction((counters: UsageCounter[]) => {
    const { addCounter } = cs();
    for (const c of counters) {
      addCounter.run({
        key_id: c.keyId,
        minute: c.minute,
        outcome: c.outcome,
        code: c.code,
        account_id: c.accountId,
        count: c.count,
        not_itemised: c.notItemised,
      });
    }
  });

  const purgeTx = db.transaction((olderThan: number) => {
    cs().purgeCounters.run(olderThan);
    return s.purgeLogs.run(olderThan).changes;
  });

  const insertLogs = createLogInserter(s);
  const paged = createPagedReads(db);
  const appendTx = db.transaction((logs: UsageLog[]) => {
    // The write lock is held from here on: a key found now cannot be deleted before COMMIT.
    for (const [keyId, group] of groupLogsByKey(logs, s)) {
      if (group !== null && group.rows.length > 0) insertLogs(keyId, group.accountId, group.rows);
    }
  });

  return {
    database: db,

    insertKey(key, event) {
      try {
        insertKeyTx.immediate(key, event);
      } catch (error) {
        conflict(error);
      }
    },

    findKeyByHash(hash) {
      const row = s.findByHash.get(hash) as KeyRow | undefined;
      return row ? rowToKey(row) : null;
    },

    findKey(accountId, keyId) {
      const row = s.findKey.get(keyId, accountId) as KeyRow | undefined;
      return row ? rowToKey(row) : null;
    },

    listKeys(accountId) {
      return (s.listKeys.all(accountId) as KeyRow[]).map(rowToKey);
    },

    updateKey(accountId, keyId, expectedVersion, patch, event) {
      const updated = updateTx.immediate(accountId, keyId, expectedVersion, patch, event);
      if (updated && patch.revokedAt != null) {
        publish({ type: 'revoked', keyId, hash: updated.hash });
      } else if (updated && (patch.name !== undefined || patch.allowlist !== undefined)) {
        publish({ type: 'updated', keyId, hash: updated.hash });
      }
      return updated;
    },

    rotateKey(accountId, keyId, expectedVersion, patch, replacement, event) {
      let updated: StoredKey | null;
      try {
        updated = rotateTx.immediate(accountId, keyId, expectedVersion, patch, replacement, event);
      } catch (error) {
        conflict(error);
      }
      if (updated) publish({ type: 'rotated', keyId, hash: updated.hash });
      return updated;
    },

    deleteKey(accountId, keyId, event) {
      const deleted = deleteTx.immediate(accountId, keyId, event);
      if (deleted) publish({ type: 'deleted', keyId, hash: deleted.hash });
      return deleted;
    },

    touchLastUsed(stamps) {
      if (stamps.length > 0) touchTx.immediate(stamps);
    },

    appendUsageLogs(logs) {
      if (logs.length > 0) appendTx.immediate(logs);
    },

    listUsageLogs(accountId, keyId, listOptions) {
      const { before, limit } = listBounds(listOptions);
      const rows = s.listLogs.all(keyId, accountId, before, limit) as UsageLogRow[];
      return rows.map(rowToLog);
    },

    purgeUsageLogs(olderThan) {
      journal.prune(Date.now() - JOURNAL_RETENTION_MS);
      return purgeTx.immediate(olderThan);
    },

    addUsageCounts(counters) {
      if (counters.length > 0) addCountsTx.immediate(counters);
    },

    readUsage(accountId, query) {
      const rows = cs().readUsage.all({
        account_id: accountId,
        key_id: query.keyId ?? null,
        from: query.from,
        to: query.to,
      }) as { day: number; outcome: UsageOutcome; count: number; not_itemised: number }[];
      return rows.map(
        (row): UsageTotal => ({
          day: row.day,
          outcome: row.outcome,
          count: row.count,
          notItemised: row.not_itemised,
        }),
      );
    },

    listAuditEvents(accountId, listOptions) {
      const { before, limit } = listBounds(listOptions);
      const rows = s.listEvents.all(accountId, before, limit) as AuditEventRow[];
      return rows.map(rowToEvent);
    },

    listKeyPage(accountId, query) {
      return paged.listKeyPage(accountId, query);
    },

    listAccountUsageLogs(accountId, query) {
      return paged.listAccountUsageLogs(accountId, query);
    },

    getOrCreateSecret(name, candidate) {
      // Insert-if-absent, then read: two processes racing both read the first value written.
      db.prepare('INSERT OR IGNORE INTO keys_secrets (name, value) VALUES (?, ?)').run(
        name,
        candidate,
      );
      const row = db.prepare('SELECT value FROM keys_secrets WHERE name = ?').get(name) as {
        value: string;
      };
      return row.value;
    },

    subscribe(listener) {
      const off = subscribeChanges(feedKey, listener);
      const unsubscribe = () => {
        unsubscribes.delete(unsubscribe);
        off();
        if (unsubscribes.size === 0) {
          stopWatching?.();
          stopWatching = null;
        }
      };
      unsubscribes.add(unsubscribe);
      if (crossProcess && stopWatching === null) {
        // Other processes' changes reach this process's listeners of the file (this
        // adapter's own changes are published directly, and not seen again: data_version
        // ignores this connection's commits).
        stopWatching = journal.watch(publish, onError);
      }
      return unsubscribe;
    },

    close() {
      for (const unsubscribe of [...unsubscribes]) unsubscribe();
      if (owned && db.open) db.close();
    },
  };
}
