import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStorage } from './postgres-storage.js';
import { migrate, POSTGRES_MIGRATIONS, schemaSql } from './schema.js';
import { dropSchema, testDatabaseUrl, testSchemaName } from './test-database.js';

const url = await testDatabaseUrl();
const LATEST = POSTGRES_MIGRATIONS.at(-1)!.version;

describe.skipIf(url === null)('postgres migrations', () => {
  let pool: pg.Pool;
  let schema: string;
  beforeEach(() => {
    pool = new pg.Pool({ connectionString: url!, max: 8 });
    schema = testSchemaName();
  });
  afterEach(async () => {
    await pool.end();
    await dropSchema(url!, schema);
  });

  const tables = async () =>
    (
      await pool.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
        [schema],
      )
    ).rows.map((r) => r.table_name);

  it('creates the schema and its tables, and records the migration', async () => {
    expect(await migrate(pool, { schema })).toEqual({ applied: [1, 2, 3, 4, 5], version: LATEST });
    expect(await tables()).toEqual([
      'api_key_audit_events',
      'api_key_changes',
      'api_key_usage_counters',
      'api_key_usage_logs',
      'api_keys',
      'keys_migrations',
      'keys_secrets',
    ]);
  });

  it('applies only the migrations a schema lacks', async () => {
    const client = await pool.connect();
    try {
      // A schema at version 1, as an earlier release of this package left it.
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(
        `CREATE TABLE "${schema}".keys_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      await client.query(POSTGRES_MIGRATIONS[0]!.sql(`"${schema}"`));
      await client.query(
        `INSERT INTO "${schema}".keys_migrations (version, name) VALUES (1, 'initial')`,
      );
    } finally {
      client.release();
    }
    expect(await migrate(pool, { schema })).toEqual({ applied: [2, 3, 4, 5], version: LATEST });
  });

  it('is idempotent: a second run applies nothing', async () => {
    await migrate(pool, { schema });
    expect(await migrate(pool, { schema })).toEqual({ applied: [], version: LATEST });
  });

  it('is safe when eight processes start at once: one applies, the others find it done', async () => {
    const pools = Array.from({ length: 8 }, () => new pg.Pool({ connectionString: url!, max: 1 }));
    try {
      const results = await Promise.all(pools.map((p) => migrate(p, { schema })));
      expect(results.filter((r) => r.applied.length > 0)).toEqual([
        { applied: [1, 2, 3, 4, 5], version: LATEST },
      ]);
      const { rows } = await pool.query(
        `SELECT version FROM "${schema}".keys_migrations ORDER BY version`,
      );
      expect(rows).toEqual([
        { version: 1 },
        { version: 2 },
        { version: 3 },
        { version: 4 },
        { version: 5 },
      ]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('runs before the first query of the adapter', async () => {
    const storage = createPostgresStorage({ pool, schema });
    expect(await storage.findKeyByHash('0'.repeat(64))).toBeNull();
    expect(await tables()).toContain('api_keys');
  });

  it('accepts a schema set up by hand with schemaSql', async () => {
    await pool.query(schemaSql(schema));
    expect(await migrate(pool, { schema })).toEqual({ applied: [], version: LATEST });
  });

  it('indexes lookup by hash (unique), listing by account, and logs by key and time', async () => {
    await migrate(pool, { schema });
    const { rows } = await pool.query<{ indexdef: string }>(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname',
      [schema],
    );
    const defs = rows.map((r) => r.indexdef.replace(`"${schema}".`, '').replace(`${schema}.`, ''));
    expect(defs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /CREATE UNIQUE INDEX api_keys_hash_key ON api_keys USING btree \(hash\)/,
        ),
        expect.stringMatching(
          /api_keys_account_created_idx .*\(account_id, created_at DESC, id DESC\)/,
        ),
        expect.stringMatching(/api_key_usage_logs_key_at_idx .*\(key_id, at DESC, id DESC\)/),
        expect.stringMatching(/api_key_usage_logs_at_idx .*\(at\)/),
        expect.stringMatching(/api_key_usage_counters_pkey .*\(key_id, minute, outcome, code\)/),
        expect.stringMatching(
          /api_key_audit_events_account_at_idx .*\(account_id, at DESC, id DESC\)/,
        ),
      ]),
    );
  });

  it('keeps no unique index on the random usage-log id', async () => {
    await migrate(pool, { schema });
    const { rows } = await pool.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'api_key_usage_logs'",
      [schema],
    );
    expect(rows.map((r) => r.indexdef).filter((d) => /UNIQUE|\(id\)/.test(d))).toEqual([]);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(migrate(pool, { schema: 'bad"; DROP TABLE x; --' })).rejects.toMatchObject({
      code: 'INVALID_CONFIGURATION',
    });
  });
});
