/**
 * Test support (imported by *.test.ts only, never by the package entry): finds the PostgreSQL
 * server of the tests and gives each suite its own throwaway schema.
 *
 * - `KEYS_TEST_DATABASE_URL` names the server; unset, the CI default is tried.
 * - In CI (`CI=true`), or when the variable is set, an unreachable server fails the run loudly.
 * - Otherwise an unreachable default skips the PostgreSQL tests with one line saying so.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStorage, type PostgresStorage } from './postgres-storage.js';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The URL of the test server, or `null` (after printing why) when the tests should skip.
 * Throws when a server was required and does not answer.
 */
export async function testDatabaseUrl(
  env: Record<string, string | undefined> = process.env,
  fallback = DEFAULT_TEST_DATABASE_URL,
): Promise<string | null> {
  const given = env.KEYS_TEST_DATABASE_URL;
  const url = given || fallback;
  const error = await reachable(url);
  if (error === null) return url;
  const why = error instanceof Error ? error.message : String(error);
  if (env.CI === 'true' || given) {
    throw new Error(
      `PostgreSQL tests need a server: ${url} did not answer (${why}). ` +
        'Start it, or point KEYS_TEST_DATABASE_URL at one.',
    );
  }
  console.warn(
    `[keys-postgres] SKIPPING PostgreSQL tests: no server at ${url} (${why}). ` +
      'Set KEYS_TEST_DATABASE_URL to run them.',
  );
  return null;
}

/** A fresh schema name, `keys_test_<random>`, so that concurrent runs never collide. */
export function testSchemaName(): string {
  return `keys_test_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Storage instances on one fresh schema, each with its own pool (two processes, as far as
 * PostgreSQL can tell), and `cleanup` that closes them all and drops the schema.
 */
export function createTestStore(url: string, schema = testSchemaName()) {
  const opened: { storage: PostgresStorage; pool: pg.Pool }[] = [];
  return {
    schema,
    /** A new pool and adapter on the schema, migrated. */
    async open(options: { max?: number } = {}): Promise<PostgresStorage> {
      const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
      pool.on('error', () => {});
      const storage = createPostgresStorage({ pool, schema, onError: () => {} });
      opened.push({ storage, pool });
      await storage.ready();
      return storage;
    },
    async cleanup(): Promise<void> {
      for (const { storage, pool } of opened.splice(0)) {
        await storage.close();
        if (!pool.ending) await pool.end();
      }
      await dropSchema(url, schema);
    },
  };
}

/** The actor and account every engine test uses. */
export const ACCOUNT = 'acct_storage_test';
export const OWNER = { userId: 'user_owner', role: 'owner' } as const;

/** A guarded request (`GET /v1/status`, needs `account:read`) made with `secret`. */
export function request(secret: string, path = '/v1/status') {
  return { authorization: `Bearer ${secret}`, ip: '203.0.113.10', method: 'GET', path };
}

/** Resolves with `promise`, or rejects once `ms` have passed without it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Waits until `condition` holds, yielding to I/O between checks (so notifications and query
 * results are processed); false once `ms` have passed without it.
 */
export async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}
