/**
 * The SQLite schema as versioned migrations. Each migration runs once, in order, inside one
 * `BEGIN IMMEDIATE` transaction that also records it in `keys_migrations`; the write lock makes
 * two processes starting at once take turns (the second waits on `busy_timeout`, then finds
 * nothing left to do).
 */
import type { Database } from 'better-sqlite3';

/** One step of the schema. `version`s are consecutive from 1 and never reused. */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration this package ships, oldest first. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  account_id    TEXT NOT NULL,
  name          TEXT NOT NULL,
  hash          TEXT NOT NULL UNIQUE,
  prefix        TEXT NOT NULL,
  scopes        TEXT NOT NULL,
  preset        TEXT,
  allowlist     TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  created_by    TEXT NOT NULL,
  expires_at    INTEGER,
  last_used_at  INTEGER,
  revoked_at    INTEGER,
  rotated_at    INTEGER,
  grace_ends_at INTEGER,
  replaced_by   TEXT,
  rotated_from  TEXT,
  version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX api_keys_account_created_idx ON api_keys (account_id, created_at DESC, id DESC);

CREATE TABLE api_key_usage_logs (
  id          TEXT NOT NULL, -- random: a unique index on it would double the cost of a log row
  key_id      TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  account_id  TEXT NOT NULL,
  at          INTEGER NOT NULL,
  method      TEXT NOT NULL,
  endpoint    TEXT NOT NULL,
  query       TEXT NOT NULL,
  status      INTEGER NOT NULL,
  error_code  TEXT,
  ip_hash     TEXT NOT NULL,
  user_agent  TEXT
) STRICT;
CREATE INDEX api_key_usage_logs_key_at_idx ON api_key_usage_logs (key_id, at DESC, id DESC);
CREATE INDEX api_key_usage_logs_at_idx ON api_key_usage_logs (at);

CREATE TABLE api_key_audit_events (
  id          TEXT PRIMARY KEY,
  account_id  TEXT NOT NULL,
  type        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  key_prefix  TEXT NOT NULL,
  key_name    TEXT NOT NULL,
  data        TEXT NOT NULL
) STRICT;
CREATE INDEX api_key_audit_events_account_at_idx ON api_key_audit_events (account_id, at DESC, id DESC);
`,
  },
  {
    // Every log row paid for an entry in this index, used only by the retention purge. The purge
    // now walks the (key_id, at) index key by key instead (statements.ts), as fast; a log row
    // costs 10-15% less CPU and leaves fewer pages to write. Dropping an index rebuilds nothing,
    // so the upgrade is quick on a large file.
    version: 2,
    name: 'logs-purge-by-key-index',
    sql: `
DROP INDEX IF EXISTS api_key_usage_logs_at_idx;
`,
  },
  {
    // Revokes, rotations and deletes, journaled so that other processes on the file hear of
    // them (change-journal.ts polls it when PRAGMA data_version moves).
    version: 3,
    name: 'change-journal',
    sql: `
CREATE TABLE api_key_changes (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  type    TEXT    NOT NULL CHECK (type IN ('revoked', 'rotated', 'deleted')),
  key_id  TEXT    NOT NULL,
  hash    TEXT    NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX api_key_changes_at_idx ON api_key_changes (at);
`,
  },
  {
    // The keys page at scale: a page sorted by name or last use, and the account-wide log
    // feed, each read as one index range instead of sorting every row of the account. The log
    // index costs each appended row one more index entry (see PERF notes in the changeset).
    version: 4,
    name: 'key-pages-and-account-logs',
    sql: `
CREATE INDEX api_keys_account_name_idx ON api_keys (account_id, name, id);
CREATE INDEX api_keys_account_last_used_idx ON api_keys (account_id, coalesce(last_used_at, -1), id);
CREATE INDEX api_key_usage_logs_account_at_idx ON api_key_usage_logs (account_id, at DESC, id DESC);
-- Edits (name, allowlist) are journaled too: other processes must drop the old allowlist.
-- SQLite cannot change a CHECK in place, so the journal is rebuilt with its rows.
CREATE TABLE api_key_changes_v4 (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  type    TEXT    NOT NULL CHECK (type IN ('revoked', 'rotated', 'deleted', 'updated')),
  key_id  TEXT    NOT NULL,
  hash    TEXT    NOT NULL,
  at      INTEGER NOT NULL
);
INSERT INTO api_key_changes_v4 (seq, type, key_id, hash, at)
  SELECT seq, type, key_id, hash, at FROM api_key_changes;
DROP TABLE api_key_changes;
ALTER TABLE api_key_changes_v4 RENAME TO api_key_changes;
CREATE INDEX api_key_changes_at_idx ON api_key_changes (at);
`,
  },
  {
    // Exact per-key per-minute usage counters (by outcome and BSE code), upserted in small
    // batches: `keys.usage` sums them per day. WITHOUT ROWID: the primary key is the row.
    version: 5,
    name: 'usage-counters',
    sql: `
CREATE TABLE api_key_usage_counters (
  key_id        TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  minute        INTEGER NOT NULL,
  outcome       TEXT NOT NULL,
  code          TEXT NOT NULL,
  account_id    TEXT NOT NULL,
  count         INTEGER NOT NULL,
  not_itemised  INTEGER NOT NULL,
  PRIMARY KEY (key_id, minute, outcome, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX api_key_usage_counters_account_minute_idx
  ON api_key_usage_counters (account_id, minute);
`,
  },
  {
    // Per-deployment secrets kept by the storage (getOrCreateSecret): the IP-hash key.
    version: 6,
    name: 'secrets',
    sql: `
CREATE TABLE keys_secrets (
  name   TEXT NOT NULL PRIMARY KEY,
  value  TEXT NOT NULL
);
`,
  },
];
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS keys_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT;
`;

/**
 * The whole schema as one script, for reading or for running by hand (`sqlite3 keys.db <
 * schema.sql`). It records every migration as applied, so that `migrate` finds nothing to do.
 */
export const schemaSql: string = [
  MIGRATIONS_TABLE.trim(),
  ...SQLITE_MIGRATIONS.map(
    (m) =>
      `-- ${m.version}: ${m.name}\n${m.sql.trim()}\nINSERT INTO keys_migrations (version, name, applied_at) VALUES (${m.version}, '${m.name}', CAST(unixepoch('subsec') * 1000 AS INTEGER));`,
  ),
].join('\n\n');

/** What `migrate` did. */
export interface MigrateResult {
  /** Versions applied by this call, oldest first (empty when the schema was current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/**
 * Brings the schema of `db` up to date. Idempotent, and safe when several processes call it at
 * once: each migration runs under `BEGIN IMMEDIATE`, and the version is read again inside the
 * lock. `createSqliteStorage` calls it on start unless told not to.
 *
 * @example
 * import Database from 'better-sqlite3';
 * import { migrate } from '@babysea/keys-sqlite';
 * migrate(new Database('keys.db')); // { applied: [1, 2, 3, 4, 5, 6], version: 6 }
 */
export function migrate(db: Database): MigrateResult {
  const applied: number[] = [];
  const step = db.transaction((migration: SqliteMigration): boolean => {
    db.exec(MIGRATIONS_TABLE);
    if (currentVersion(db) >= migration.version) return false;
    db.exec(migration.sql);
    db.prepare('INSERT INTO keys_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      Date.now(),
    );
    return true;
  });
  for (const migration of SQLITE_MIGRATIONS) {
    if (step.immediate(migration)) applied.push(migration.version);
  }
  return { applied, version: currentVersion(db) };
}

/** The newest applied migration, 0 on an empty database. */
export function currentVersion(db: Database): number {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'keys_migrations'")
    .get();
  if (!exists) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM keys_migrations').get() as {
    v: number | null;
  };
  return row.v ?? 0;
}
