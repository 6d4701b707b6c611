import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion, migrate, SQLITE_MIGRATIONS, schemaSql } from './schema.js';
import { createSqliteStorage } from './sqlite-storage.js';
import { createTestFile } from './test-files.js';

const LATEST = SQLITE_MIGRATIONS.at(-1)!.version;

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
    expect(migrate(db)).toEqual({ applied: [1], version: LATEST });
    expect(tables(db)).toEqual([
      'api_key_audit_events',
      'api_key_usage_logs',
      'api_keys',
      'keys_migrations',
    ]);
    db.close();
  });

  it('is idempotent: a second run applies nothing', () => {
    const db = new Database(file.file);
    migrate(db);
    expect(migrate(db)).toEqual({ applied: [], version: LATEST });
    expect(db.prepare('SELECT COUNT(*) AS n FROM keys_migrations').get()).toEqual({ n: 1 });
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
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
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
    expect(plan('DELETE FROM api_key_usage_logs WHERE at < 5')).toMatch(
      /api_key_usage_logs_at_idx/,
    );
    expect(
      plan("SELECT * FROM api_key_audit_events WHERE account_id = 'a' ORDER BY at DESC, id DESC"),
    ).toMatch(/USING INDEX api_key_audit_events_account_at_idx/);
    const unique = db.prepare("PRAGMA index_list('api_keys')").all() as { unique: number }[];
    expect(unique.filter((i) => i.unique === 1).length).toBeGreaterThanOrEqual(2); // id, hash
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
      expect(JSON.parse(result.out.split('\n')[1] ?? '')).toEqual([
        { version: 1, name: 'initial' },
      ]);
    }
  }, 60_000);
});
