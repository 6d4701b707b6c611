/**
 * The PostgreSQL schema as versioned migrations, all inside one PostgreSQL schema (`public` by
 * default). `migrate` runs every pending migration in one transaction that first takes a
 * transaction-scoped advisory lock for that schema: processes starting at once queue on the
 * lock, and each one re-reads the version inside it, so only the first does any work.
 */

import { KeysError } from '@babysea/keys-core';
import type { ClientBase, Pool } from 'pg';

/** One step of the schema. `version`s are consecutive from 1 and never reused. */
export interface PostgresMigration {
  version: number;
  name: string;
  /** The DDL for a schema, given its quoted name (`"public"`). */
  sql: (schema: string) => string;
}

/** Every migration this package ships, oldest first. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: (s) => `
CREATE TABLE ${s}.api_keys (
  id            text COLLATE "C" PRIMARY KEY,
  account_id    text COLLATE "C" NOT NULL,
  name          text NOT NULL,
  hash          text COLLATE "C" NOT NULL UNIQUE,
  prefix        text NOT NULL,
  scopes        text[] NOT NULL,
  preset        text,
  allowlist     text[] NOT NULL,
  created_at    bigint NOT NULL,
  created_by    text NOT NULL,
  expires_at    bigint,
  last_used_at  bigint,
  revoked_at    bigint,
  rotated_at    bigint,
  grace_ends_at bigint,
  replaced_by   text,
  rotated_from  text,
  version       integer NOT NULL DEFAULT 1
);
CREATE INDEX api_keys_account_created_idx ON ${s}.api_keys (account_id, created_at DESC, id DESC);

CREATE TABLE ${s}.api_key_usage_logs (
  id          text COLLATE "C" PRIMARY KEY,
  key_id      text COLLATE "C" NOT NULL REFERENCES ${s}.api_keys (id) ON DELETE CASCADE,
  account_id  text COLLATE "C" NOT NULL,
  at          bigint NOT NULL,
  method      text NOT NULL,
  endpoint    text NOT NULL,
  query       text NOT NULL,
  status      integer NOT NULL,
  error_code  text,
  ip_hash     text NOT NULL,
  user_agent  text
);
CREATE INDEX api_key_usage_logs_key_at_idx ON ${s}.api_key_usage_logs (key_id, at DESC, id DESC);
CREATE INDEX api_key_usage_logs_at_idx ON ${s}.api_key_usage_logs (at);

CREATE TABLE ${s}.api_key_audit_events (
  id          text COLLATE "C" PRIMARY KEY,
  account_id  text COLLATE "C" NOT NULL,
  type        text NOT NULL,
  at          bigint NOT NULL,
  actor_id    text NOT NULL,
  actor_role  text NOT NULL,
  key_id      text COLLATE "C" NOT NULL,
  key_prefix  text NOT NULL,
  key_name    text NOT NULL,
  data        jsonb NOT NULL
);
CREATE INDEX api_key_audit_events_account_at_idx ON ${s}.api_key_audit_events (account_id, at DESC, id DESC);
`,
  },
  {
    version: 2,
    name: 'key_changes',
    // The change feed's short journal: a listener that (re)connects replays it, so that a
    // change committed while it was not listening still reaches its caches.
    sql: (s) => `
CREATE TABLE ${s}.api_key_changes (
  seq         bigserial PRIMARY KEY,
  type        text NOT NULL,
  key_id      text COLLATE "C" NOT NULL,
  hash        text COLLATE "C" NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_key_changes_changed_at_idx ON ${s}.api_key_changes (changed_at);
`,
  },
  {
    version: 3,
    name: 'key_pages_and_account_logs',
    // The keys page at scale: a page sorted by name (code point order) or last use, and the
    // account-wide log feed, each read as one index range instead of a sort of the account.
    sql: (s) => `
CREATE INDEX api_keys_account_name_idx ON ${s}.api_keys (account_id, (name COLLATE "C"), id);
CREATE INDEX api_keys_account_last_used_idx ON ${s}.api_keys (account_id, (coalesce(last_used_at, -1)), id);
CREATE INDEX api_key_usage_logs_account_at_idx ON ${s}.api_key_usage_logs (account_id, at DESC, id DESC);
`,
  },
  {
    version: 4,
    name: 'usage_counters',
    // Exact per-key per-minute usage counters (by outcome and BSE code), upserted in small
    // batches; \`keys.usage\` sums them per day. And usage-log rows without a unique index on
    // their random id: it cost every insert a B-tree descent to a random page (the slowest part
    // of a bulk insert) to guard against a collision 119 random bits make impossible.
    sql: (s) => `
CREATE TABLE ${s}.api_key_usage_counters (
  key_id        text COLLATE "C" NOT NULL REFERENCES ${s}.api_keys (id) ON DELETE CASCADE,
  minute        bigint NOT NULL,
  outcome       text COLLATE "C" NOT NULL,
  code          text COLLATE "C" NOT NULL,
  account_id    text COLLATE "C" NOT NULL,
  count         bigint NOT NULL,
  not_itemised  bigint NOT NULL,
  PRIMARY KEY (key_id, minute, outcome, code)
);
CREATE INDEX api_key_usage_counters_account_minute_idx
  ON ${s}.api_key_usage_counters (account_id, minute);
ALTER TABLE ${s}.api_key_usage_logs DROP CONSTRAINT IF EXISTS api_key_usage_logs_pkey;
`,
  },
  {
    version: 5,
    name: 'secrets',
    // Per-deployment secrets kept by the storage (getOrCreateSecret): the IP-hash key.
    sql: (s) => `
CREATE TABLE ${s}.keys_secrets (
  name   text COLLATE "C" PRIMARY KEY,
  value  text NOT NULL
);
`,
  },
];
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `"name"` for a valid schema name; throws `INVALID_CONFIGURATION` for anything else. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new KeysError(
      'INVALID_CONFIGURATION',
      `schema: "${schema}" is not a plain identifier (letters, digits and _, at most 63).`,
    );
  }
  return `"${schema}"`;
}

const migrationsTable = (s: string) => `
CREATE TABLE IF NOT EXISTS ${s}.keys_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);`;

/** First key of the advisory lock: 'keys' in ASCII; the second is a hash of the schema name. */
const LOCK_NAMESPACE = 0x6b657973;

/**
 * The whole schema as one script, for reading or for running by hand with `psql -f`. It takes
 * the same lock as `migrate` and records every migration, so that `migrate` then has nothing
 * to do. Not for a schema that already has some migrations applied: use `migrate` for that.
 *
 * @example
 * import { schemaSql } from '@babysea/keys-postgres';
 * writeFileSync('keys.sql', schemaSql('keys'));
 */
export function schemaSql(schema = 'public'): string {
  const s = quoteSchema(schema);
  return [
    'BEGIN;',
    `SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext('${schema}'));`,
    `CREATE SCHEMA IF NOT EXISTS ${s};`,
    migrationsTable(s).trim(),
    ...POSTGRES_MIGRATIONS.map(
      (m) =>
        `-- ${m.version}: ${m.name}\n${m.sql(s).trim()}\nINSERT INTO ${s}.keys_migrations (version, name) VALUES (${m.version}, '${m.name}');`,
    ),
    'COMMIT;',
  ].join('\n\n');
}

/** What `migrate` did. */
export interface MigrateResult {
  /** Versions applied by this call, oldest first (empty when the schema was current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The PostgreSQL schema to create or update. @default 'public' */
  schema?: string;
}

function isPool(db: Pool | ClientBase): db is Pool {
  return typeof (db as Pool).idleCount === 'number';
}

/**
 * Brings the schema up to date: creates the PostgreSQL schema if it is missing, then applies
 * every pending migration, all in one transaction under `pg_advisory_xact_lock`. Idempotent
 * and safe when several processes call it at once. `createPostgresStorage` calls it on start
 * unless told not to.
 *
 * @example
 * import pg from 'pg';
 * import { migrate } from '@babysea/keys-postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool, { schema: 'keys' }); // { applied: [1], version: 1 }
 */
export async function migrate(
  db: Pool | ClientBase,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const schema = options.schema ?? 'public';
  const s = quoteSchema(schema);
  const pooled = isPool(db) ? await db.connect() : null;
  const client: ClientBase = pooled ?? (db as ClientBase);
  let failed: unknown;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, schema]);
    // Checked first because CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege on the
    // database, which a role that only owns an existing schema may lack.
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(migrationsTable(s));
    const current = await client.query<{ v: number }>(
      `SELECT COALESCE(MAX(version), 0) AS v FROM ${s}.keys_migrations`,
    );
    let version = current.rows[0]?.v ?? 0;
    const applied: number[] = [];
    for (const migration of POSTGRES_MIGRATIONS) {
      if (migration.version <= version) continue;
      await client.query(migration.sql(s));
      await client.query(`INSERT INTO ${s}.keys_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
      version = migration.version;
    }
    await client.query('COMMIT');
    return { applied, version };
  } catch (error) {
    failed = error;
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    pooled?.release(failed !== undefined);
  }
}
