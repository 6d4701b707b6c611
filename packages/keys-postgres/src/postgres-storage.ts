/**
 * `createPostgresStorage`: the StorageAdapter on PostgreSQL (pg), for many app servers sharing
 * one database. Status changes are compare-and-set (`UPDATE … WHERE version = $n`), rotation
 * and delete are transactions on one client, and every revoke, rotate and delete is announced
 * with `pg_notify` inside its transaction, so other processes drop their caches on commit.
 */
import type {
  AuditEvent,
  KeyChange,
  ListOptions,
  StorageAdapter,
  StoredKey,
  StoredKeyPatch,
  UsageOutcome,
  UsageTotal,
} from '@babysea/keys-core';
import { KeysError } from '@babysea/keys-core';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import pg from 'pg';
import { channelName, createChangeFeed } from './change-feed.js';
import { createPagedReads } from './paged-reads.js';
import {
  type AuditEventRow,
  eventValues,
  type KeyRow,
  keyValues,
  logColumns,
  rowToEvent,
  rowToKey,
  rowToLog,
  type UsageLogRow,
} from './rows.js';
import { migrate, quoteSchema } from './schema.js';
import { buildSql, numericTypes } from './sql.js';
import { inTransaction } from './transaction.js';

/** Options of {@link createPostgresStorage}: give exactly one of `pool` and `connectionString`. */
export interface PostgresStorageOptions {
  /** A pool the application owns; the adapter never ends it. */
  pool?: Pool;
  /** A connection string; the adapter then owns its pool and ends it in `close()`. */
  connectionString?: string;
  /** The PostgreSQL schema holding the tables (created if missing). @default 'public' */
  schema?: string;
  /**
   * Run the migrations before the first query. Turn off only when you run `migrate` yourself.
   * @default true
   */
  migrate?: boolean;
  /**
   * Background failures: the change feed's connection lost or not re-established, a throwing
   * listener, an idle client of an owned pool failing.
   * @default logs to console.error
   */
  onError?: (error: unknown) => void;
}

/** The PostgreSQL adapter: a `StorageAdapter` with its change feed and lifecycle. */
export interface PostgresStorage extends StorageAdapter {
  /** The pool in use (the given one, or the adapter's own). */
  readonly pool: Pool;
  /** The PostgreSQL schema holding the tables. */
  readonly schema: string;
  /** The LISTEN/NOTIFY channel of the change feed. */
  readonly channel: string;
  /** Resolves when the migrations have run (every method waits for it; a failure is retried). */
  ready(): Promise<void>;
  subscribe(listener: (change: KeyChange) => void): Promise<() => Promise<void>>;
  getOrCreateSecret(name: string, candidate: string): Promise<string>;
  /** Closes the change feed, and ends the pool if the adapter created it. */
  close(): Promise<void>;
}

/**
 * How far back a (re)connecting listener replays the change journal. A cached key lives at
 * most the verifier's cache TTL (30 s by default), so only changes younger than that can leave
 * a stale entry; 15 minutes covers any sensible TTL and clock skew.
 */
const REPLAY_WINDOW_SECONDS = 15 * 60;
const DEFAULT_LIMIT = 100;
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

const sqlState = (error: unknown) => (error as { code?: unknown } | null)?.code;

function conflict(error: unknown): never {
  if (sqlState(error) === UNIQUE_VIOLATION) {
    throw new KeysError('CONFLICT', 'A key with this id or hash already exists.', {
      cause: error,
    });
  }
  throw error;
}

function listBounds(options: ListOptions | undefined): [number, number] {
  return [
    options?.before ?? NO_UPPER_BOUND,
    Math.max(0, Math.floor(options?.limit ?? DEFAULT_LIMIT)),
  ];
}

function patchValues(patch: StoredKeyPatch): unknown[] {
  return [
    patch.revokedAt !== undefined,
    patch.revokedAt ?? null,
    patch.rotatedAt !== undefined,
    patch.rotatedAt ?? null,
    patch.graceEndsAt !== undefined,
    patch.graceEndsAt ?? null,
    patch.replacedBy !== undefined,
    patch.replacedBy ?? null,
    patch.name !== undefined,
    patch.name ?? null,
    patch.allowlist !== undefined,
    patch.allowlist ?? null,
  ];
}

/**
 * Settings of the pool the adapter creates from `connectionString`, so that a dead network
 * path or a stuck statement fails instead of hanging (issue 10): a connection attempt gives
 * up after 5 s, a statement after 5 s on the server (`statement_timeout`) and a query after
 * 6 s on the client (`query_timeout`, for a server that no longer answers at all), a client
 * idle in a transaction is ended by the server after 10 s, and TCP keep-alive (probing after
 * 10 s idle) notices a half-open connection. A pool you pass is yours: set the same there.
 */
export const OWNED_POOL_SETTINGS = {
  connectionTimeoutMillis: 5000,
  statement_timeout: 5000,
  query_timeout: 6000,
  idle_in_transaction_session_timeout: 10_000,
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
  idleTimeoutMillis: 30_000,
} as const;

function resolvePool(options: PostgresStorageOptions): { pool: Pool; owned: boolean } {
  if (options.pool && options.connectionString === undefined) {
    return { pool: options.pool, owned: false };
  }
  if (!options.pool && options.connectionString) {
    return {
      pool: new pg.Pool({ ...OWNED_POOL_SETTINGS, connectionString: options.connectionString }),
      owned: true,
    };
  }
  throw new KeysError(
    'INVALID_CONFIGURATION',
    'createPostgresStorage: give exactly one of `pool` and `connectionString`.',
  );
}

/**
 * Creates the PostgreSQL storage adapter. Synchronous: the migrations start with the first
 * query (or `ready()`), and every method waits for them.
 *
 * @example
 * import pg from 'pg';
 * import { createKeys } from '@babysea/keys-core';
 * import { createPostgresStorage } from '@babysea/keys-postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const storage = createPostgresStorage({ pool, schema: 'keys' });
 * await storage.ready(); // optional: fail fast at boot if the database is unreachable
 * const keys = createKeys({ storage });
 */
export function createPostgresStorage(options: PostgresStorageOptions): PostgresStorage {
  const schema = options.schema ?? 'public';
  const s = quoteSchema(schema);
  const { pool, owned } = resolvePool(options);
  const onError = options.onError ?? ((error: unknown) => console.error('[keys-postgres]', error));
  if (owned) pool.on('error', onError);

  const sql = buildSql(s);
  const channel = channelName(schema);
  let migrated = options.migrate === false;
  let migrating: Promise<void> | null = null;
  const feed = createChangeFeed({
    pool,
    channel,
    onError,
    replay: { text: sql.replayChanges, values: [REPLAY_WINDOW_SECONDS] },
    ready,
  });

  function ready(): Promise<void> {
    if (migrated) return Promise.resolve();
    migrating ??= migrate(pool, { schema }).then(
      () => {
        migrated = true;
      },
      (error: unknown) => {
        migrating = null; // the next call tries again
        throw error;
      },
    );
    return migrating;
  }

  async function query<R extends QueryResultRow>(
    text: string,
    values: unknown[],
    on: Pool | PoolClient = pool,
  ) {
    if (!migrated) await ready();
    return on.query<R>({ text, values, types: numericTypes });
  }

  // The verify path's only query runs as a named (server-side prepared) statement: parsed and
  // planned once per connection, it costs about half an unnamed one. Named per schema, since
  // adapters on different schemas may share a pool.
  const findByHashStatement = `babysea_keys.find_by_hash.${schema}`;

  async function transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    if (!migrated) await ready();
    return inTransaction(pool, work);
  }

  const notify = (client: PoolClient, change: KeyChange) =>
    client.query(sql.publishChange, [channel, change.type, change.keyId, change.hash]);

  async function compareAndSet(
    client: PoolClient,
    accountId: string,
    keyId: string,
    expectedVersion: number,
    patch: StoredKeyPatch,
  ): Promise<StoredKey | null> {
    const { rows } = await query<KeyRow>(
      sql.compareAndSet,
      [keyId, accountId, expectedVersion, ...patchValues(patch)],
      client,
    );
    return rows[0] ? rowToKey(rows[0]) : null;
  }

  const insertEvent = (client: PoolClient, event: AuditEvent) =>
    query(sql.insertEvent, eventValues(event), client);
  const paged = createPagedReads(s, query);

  return {
    pool,
    schema,
    channel,
    ready,

    async insertKey(key, event) {
      await query(sql.insertKey, [...keyValues(key), ...eventValues(event)]).catch(conflict);
    },

    async findKeyByHash(hash) {
      if (!migrated) await ready();
      const { rows } = await pool.query<KeyRow>({
        name: findByHashStatement,
        text: sql.findByHash,
        values: [hash],
        types: numericTypes,
      });
      return rows[0] ? rowToKey(rows[0]) : null;
    },

    async findKey(accountId, keyId) {
      const { rows } = await query<KeyRow>(sql.findKey, [keyId, accountId]);
      return rows[0] ? rowToKey(rows[0]) : null;
    },

    async listKeys(accountId) {
      const { rows } = await query<KeyRow>(sql.listKeys, [accountId]);
      return rows.map(rowToKey);
    },

    updateKey(accountId, keyId, expectedVersion, patch, event) {
      return transaction(async (client) => {
        const updated = await compareAndSet(client, accountId, keyId, expectedVersion, patch);
        if (!updated) return null;
        await insertEvent(client, event);
        if (patch.revokedAt != null) {
          await notify(client, { type: 'revoked', keyId, hash: updated.hash });
        } else if (patch.name !== undefined || patch.allowlist !== undefined) {
          await notify(client, { type: 'updated', keyId, hash: updated.hash });
        }
        return updated;
      });
    },

    rotateKey(accountId, keyId, expectedVersion, patch, replacement, event) {
      return transaction(async (client) => {
        const updated = await compareAndSet(client, accountId, keyId, expectedVersion, patch);
        if (!updated) return null;
        await query(sql.insertReplacement, keyValues(replacement), client).catch(conflict);
        await insertEvent(client, event);
        await notify(client, { type: 'rotated', keyId, hash: updated.hash });
        return updated;
      });
    },

    deleteKey(accountId, keyId, event) {
      return transaction(async (client) => {
        const { rows } = await query<KeyRow>(sql.deleteKey, [keyId, accountId], client);
        const deleted = rows[0] ? rowToKey(rows[0]) : null;
        if (!deleted) return null;
        // The foreign key cascades too; the explicit delete keeps the intent readable.
        await query(sql.deleteLogsOfKey, [keyId], client);
        await insertEvent(client, event);
        await notify(client, { type: 'deleted', keyId, hash: deleted.hash });
        return deleted;
      });
    },

    async touchLastUsed(stamps) {
      if (stamps.length === 0) return;
      await query(sql.touch, [stamps.map((t) => t.id), stamps.map((t) => t.at)]);
    },

    async appendUsageLogs(logs) {
      if (logs.length === 0) return;
      try {
        await query(sql.appendLogs, logColumns(logs));
      } catch (error) {
        // A key deleted between the EXISTS check and the foreign-key check fails the batch;
        // once more, and its logs are dropped by EXISTS like any other deleted key's.
        if (sqlState(error) !== FOREIGN_KEY_VIOLATION) throw error;
        await query(sql.appendLogs, logColumns(logs));
      }
    },

    async listUsageLogs(accountId, keyId, listOptions) {
      const { rows } = await query<UsageLogRow>(sql.listLogs, [
        keyId,
        accountId,
        ...listBounds(listOptions),
      ]);
      return rows.map(rowToLog);
    },

    async purgeUsageLogs(olderThan) {
      const result = await query(sql.purgeLogs, [olderThan]);
      await query(sql.purgeCounters, [olderThan]);
      // The change journal only needs to outlive a listener's outage; prune it on the same beat.
      await query(sql.pruneChanges, [REPLAY_WINDOW_SECONDS]);
      return result.rowCount ?? 0;
    },

    async addUsageCounts(counters) {
      if (counters.length === 0) return;
      const values = [
        counters.map((c) => c.keyId),
        counters.map((c) => c.minute),
        counters.map((c) => c.outcome),
        counters.map((c) => c.code),
        counters.map((c) => c.accountId),
        counters.map((c) => c.count),
        counters.map((c) => c.notItemised),
      ];
      try {
        await query(sql.addCounters, values);
      } catch (error) {
        // As for logs: a key deleted between EXISTS and the foreign-key check; once more.
        if (sqlState(error) !== FOREIGN_KEY_VIOLATION) throw error;
        await query(sql.addCounters, values);
      }
    },

    async readUsage(accountId, usageQuery) {
      const { rows } = await query<{
        day: number;
        outcome: UsageOutcome;
        count: number;
        not_itemised: number;
      }>(sql.readUsage, [accountId, usageQuery.from, usageQuery.to, usageQuery.keyId ?? null]);
      return rows.map(
        (row): UsageTotal => ({
          day: row.day,
          outcome: row.outcome,
          count: row.count,
          notItemised: row.not_itemised,
        }),
      );
    },

    async listAuditEvents(accountId, listOptions) {
      const { rows } = await query<AuditEventRow>(sql.listEvents, [
        accountId,
        ...listBounds(listOptions),
      ]);
      return rows.map(rowToEvent);
    },

    listKeyPage(accountId, pageQuery) {
      return paged.listKeyPage(accountId, pageQuery);
    },

    listAccountUsageLogs(accountId, logsQuery) {
      return paged.listAccountUsageLogs(accountId, logsQuery);
    },

    async getOrCreateSecret(name, candidate) {
      // Insert-if-absent, then read: two processes racing both read the first value written.
      await query(sql.insertSecret, [name, candidate]);
      const { rows } = await query<{ value: string }>(sql.readSecret, [name]);
      return rows[0]!.value;
    },

    subscribe(listener) {
      return feed.subscribe(listener);
    },

    async close() {
      await feed.close();
      if (owned && !pool.ending) await pool.end();
    },
  };
}
