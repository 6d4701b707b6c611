import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeAuditEvent, makeStoredKey, makeUsageLog } from '@babysea/keys-core/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion, migrate, SQLITE_MIGRATIONS, schemaSql } from './schema.js';
import { createSqliteStorage } from './sqlite-storage.js';
import { prepareStatements } from './statements.js';
import { createTestFile } from './test-files.js';

const LATEST = SQLITE_MIGRATIONS.at(-1)!.version;
const ALL_VERSIONS = SQLITE_MIGRATIONS.map((m) => m.version);
const T0 = Date.UTC(2030, 0, 1);

/** A database as a release that shipped only the first `version` migrations left it. */
function databaseAt(path: string, version: number): Database.Database {
  const db = new Database(path);
  db.exec(`CREATE TABLE keys_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= version)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO keys_migrations VALUES (?, ?, ?)').run(m.version, m.name, 1);
  }
  return db;
}

function indexes(db: Database.Database, table: string): string[] {
  const rows = db.prepare(`PRAGMA index_list('${table}')`).all() as { name: string }[];
  return rows.map((r) => r.name).sort();
}

let file: ReturnType<typeof createTestFile>;
beforeEach(() => {
  file = createTestFile();
});
afterEach(() => file.cleanup());

function tables(db: Database.Database): string[] {
  const rows = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

/** One app-server-like process on `database` (test-fixtures/start-process.ts through tsx). */
function startProcess(database: string) {
  const script = fileURLToPath(new URL('./test-fixtures/start-process.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@babysea/source', '--import', 'tsx', script, database],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    child.on('close', (code) => {
      onReady();
      resolve({ code, out, err });
    });
  });
  return { ready, done, go: () => child.stdin.end('go\n') };
}

describe('migrate', () => {
  it('creates the tables and records each migration in keys_migrations', () => {
    const db = new Database(file.file);
    expect(migrate(db)).toEqual({ applied: ALL_VERSIONS, version: LATEST });
    expect(tables(db)).toEqual([
      'api_key_audit_events',
      'api_key_changes',
      'api_key_usage_counters',
      'api_key_usage_logs',
      'api_keys',
      'keys_migrations',
      'keys_secrets',
      'sqlite_sequence',
    ]);
    db.close();
  });

  it('is idempotent: a second run applies nothing', () => {
    const db = new Database(file.file);
    migrate(db);
    expect(migrate(db)).toEqual({ applied: [], version: LATEST });
    expect(db.prepare('SELECT COUNT(*) AS n FROM keys_migrations').get()).toEqual({
      n: SQLITE_MIGRATIONS.length,
    });
    db.close();
  });

  it('runs on start', () => {
    const db = new Database(':memory:');
    createSqliteStorage({ database: db });
    expect(currentVersion(db)).toBe(LATEST);
    db.close();
  });

  it('runs nothing with migrate: false (an unmigrated database is refused)', () => {
    const db = new Database(':memory:');
    expect(() => createSqliteStorage({ database: db, migrate: false })).toThrow(/no such table/);
    expect(currentVersion(db)).toBe(0);
    db.close();
  });

  it('accepts a database set up by hand with schemaSql', () => {
    const db = new Database(file.file);
    db.exec(schemaSql);
    expect(migrate(db)).toEqual({ applied: [], version: LATEST });
    db.close();
  });

  it('indexes lookup by hash (unique), listing by account, and logs by key and time', () => {
    const db = new Database(file.file);
    migrate(db);
    const plan = (sql: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
    expect(plan("SELECT * FROM api_keys WHERE hash = 'h'")).toMatch(/USING INDEX sqlite_autoindex/);
    expect(
      plan("SELECT * FROM api_keys WHERE account_id = 'a' ORDER BY created_at DESC, id DESC"),
    ).toMatch(/USING INDEX api_keys_account_created_idx/);
    expect(
      plan(
        "SELECT * FROM api_key_usage_logs WHERE key_id = 'k' AND at < 5 ORDER BY at DESC, id DESC",
      ),
    ).toMatch(/USING INDEX api_key_usage_logs_key_at_idx/);
    // The retention purge: one seek per key that has logs, then that key's old rows as a range.
    const purge = plan(prepareStatements(db).purgeLogs.source, 5);
    expect(purge).toMatch(
      /SEARCH api_key_usage_logs USING COVERING INDEX api_key_usage_logs_key_at_idx \(key_id=\? AND at<\?\)/,
    );
    expect(purge).toMatch(/USING COVERING INDEX api_key_usage_logs_key_at_idx \(key_id>\?\)/);
    expect(purge).not.toMatch(/SCAN api_key_usage_logs/);
    expect(
      plan("SELECT * FROM api_key_audit_events WHERE account_id = 'a' ORDER BY at DESC, id DESC"),
    ).toMatch(/USING INDEX api_key_audit_events_account_at_idx/);
    const unique = db.prepare("PRAGMA index_list('api_keys')").all() as { unique: number }[];
    expect(unique.filter((i) => i.unique === 1).length).toBeGreaterThanOrEqual(2); // id, hash
    db.close();
  });

  it('keeps two indexes on usage logs: (key_id, at, id) for listing and the purge, (account_id, at, id) for the account feed', () => {
    const db = new Database(file.file);
    migrate(db);
    expect(indexes(db, 'api_key_usage_logs').sort()).toEqual([
      'api_key_usage_logs_account_at_idx',
      'api_key_usage_logs_key_at_idx',
    ]);
    db.close();
  });

  it('upgrades a version 1 database with its data intact', async () => {
    const db = databaseAt(file.file, 1);
    expect(indexes(db, 'api_key_usage_logs')).toContain('api_key_usage_logs_at_idx');
    // Data written on the old schema (this adapter's statements work on it as well).
    const old = createSqliteStorage({ database: db, migrate: false });
    const [a, b] = [makeStoredKey('acct_1'), makeStoredKey('acct_1')];
    for (const key of [a, b]) old.insertKey(key, makeAuditEvent('api_key.created', key));
    old.updateKey('acct_1', b.id, 1, { revokedAt: T0 + 9 }, makeAuditEvent('api_key.revoked', b));
    old.appendUsageLogs([
      ...Array.from({ length: 70 }, (_, i) => makeUsageLog(a, { at: T0 + i })),
      ...Array.from({ length: 5 }, (_, i) => makeUsageLog(b, { at: T0 - 10 + i })),
    ]);
    const snapshot = async () => ({
      keys: await old.listKeys('acct_1'),
      logsA: await old.listUsageLogs('acct_1', a.id, { limit: 1000 }),
      logsB: await old.listUsageLogs('acct_1', b.id, { limit: 1000 }),
      events: await old.listAuditEvents('acct_1'),
    });
    const before = await snapshot();
    expect(before.logsA).toHaveLength(70);

    expect(migrate(db)).toEqual({ applied: [2, 3, 4, 5, 6], version: LATEST });

    expect(await snapshot()).toEqual(before);
    expect(indexes(db, 'api_key_usage_logs')).not.toContain('api_key_usage_logs_at_idx');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // A new adapter on the upgraded file purges by age across keys.
    const upgraded = createSqliteStorage({ database: db });
    expect(upgraded.purgeUsageLogs(T0 + 1)).toBe(5 + 1);
    expect(await upgraded.listUsageLogs('acct_1', a.id, { limit: 1000 })).toEqual(
      before.logsA.slice(0, 69),
    );
    expect(migrate(db)).toEqual({ applied: [], version: LATEST });
    db.close();
  });

  it('is safe when four processes start on a new file at the same moment', async () => {
    const processes = Array.from({ length: 4 }, () => startProcess(file.file));
    // Released together once every one has loaded (or died trying).
    await Promise.all(processes.map((p) => p.ready));
    for (const p of processes) p.go();
    for (const result of await Promise.all(processes.map((p) => p.done))) {
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out.split('\n')[1] ?? '')).toEqual(
        SQLITE_MIGRATIONS.map(({ version, name }) => ({ version, name })),
      );
    }
  }, 60_000);
});
