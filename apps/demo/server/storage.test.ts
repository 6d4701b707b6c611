import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SQLITE_PATH, openStorage, redactDatabaseUrl } from './storage.js';

const POSTGRES_URL =
  process.env.KEYS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// CI must exercise PostgreSQL; a laptop without a server skips that one test, and says so.
const hasPostgres = process.env.CI === 'true' || (await postgresAnswers());
if (!hasPostgres) {
  const where = process.env.KEYS_TEST_DATABASE_URL
    ? `KEYS_TEST_DATABASE_URL (${redactDatabaseUrl(POSTGRES_URL)})`
    : `${redactDatabaseUrl(POSTGRES_URL)} (KEYS_TEST_DATABASE_URL is not set)`;
  console.warn(
    `[skip] server/storage.test.ts: the PostgreSQL test is skipped: no server answers at ${where}. ` +
      'Set KEYS_TEST_DATABASE_URL to a reachable database to run it (CI=true requires it).',
  );
}

describe('openStorage', () => {
  it('keeps the default SQLite file inside apps/demo/.data', () => {
    expect(DEFAULT_SQLITE_PATH).toMatch(/apps[\\/]demo[\\/]\.data[\\/]keys\.db$/);
  });

  it('creates the folder of the SQLite file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'demo-storage-')), 'nested', 'keys.db');
    const { storage, description } = await openStorage({ sqlitePath: path });
    await storage.close?.();
    expect([existsSync(path), description]).toEqual([true, `SQLite ${path}`]);
  });

  it.runIf(hasPostgres)('opens PostgreSQL when DATABASE_URL is set', async () => {
    // Its own schema, dropped afterwards, so runs never collide or leave tables behind.
    const schema = `keys_demo_test_${Math.random().toString(36).slice(2, 10)}`;
    const { storage, description } = await openStorage({
      databaseUrl: POSTGRES_URL,
      databaseSchema: schema,
    });
    try {
      expect(await storage.listKeys('acct_storage_test')).toEqual([]);
      expect(description).toMatch(/^PostgreSQL /);
    } finally {
      await storage.close?.();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  it('masks the database password in what it prints', () => {
    expect(redactDatabaseUrl('postgres://demo:s3cret@db:5432/keys')).toBe(
      'postgres://demo:***@db:5432/keys',
    );
  });
});
