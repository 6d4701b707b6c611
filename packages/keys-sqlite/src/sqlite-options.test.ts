import type { KeyChange, UsageLog } from '@babysea/keys-core';
import { makeAuditEvent, makeStoredKey, makeUsageLog } from '@babysea/keys-core/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WAL_AUTOCHECKPOINT_PAGES } from './connection.js';
import { createSqliteStorage } from './sqlite-storage.js';
import { LOG_CHUNK_SIZES } from './statements.js';
import { createTestFile } from './test-files.js';

const T0 = Date.UTC(2030, 0, 1);

/** Logs in listing order: newest first by time, then by id. */
function newestFirst(logs: UsageLog[]): UsageLog[] {
  return [...logs].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

let file: ReturnType<typeof createTestFile>;
beforeEach(() => {
  file = createTestFile();
});
afterEach(() => file.cleanup());

describe('the database', () => {
  it('opens a path itself and closes it in close()', () => {
    const storage = createSqliteStorage({ database: file.file });
    expect(storage.database.open).toBe(true);
    storage.close();
    expect(storage.database.open).toBe(false);
  });

  it('never closes a Database it was given', () => {
    const db = new Database(file.file);
    createSqliteStorage({ database: db }).close();
    expect(db.open).toBe(true);
    db.close();
  });

  it('sets WAL, busy_timeout, foreign keys, synchronous and the checkpoint interval', () => {
    const storage = file.open({ busyTimeoutMs: 1234 });
    const pragma = (name: string) => storage.database.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('busy_timeout')).toBe(1234);
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('synchronous')).toBe(1); // NORMAL
    expect(pragma('wal_autocheckpoint')).toBe(WAL_AUTOCHECKPOINT_PAGES);
  });

  it("keeps a given Database's own busy_timeout, synchronous and checkpoint interval", () => {
    const db = new Database(file.file, { timeout: 777 });
    db.pragma('synchronous = EXTRA');
    db.pragma('wal_autocheckpoint = 500');
    createSqliteStorage({ database: db });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(777);
    expect(db.pragma('synchronous', { simple: true })).toBe(3); // EXTRA
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(500);
    db.close();
  });

  it('prepares its statements once, at start', async () => {
    const db = new Database(file.file);
    const storage = createSqliteStorage({ database: db });
    const prepare = vi.spyOn(db, 'prepare');
    const key = makeStoredKey('acct_1');
    storage.insertKey(key, makeAuditEvent('api_key.created', key));
    storage.findKeyByHash(key.hash);
    storage.listKeys(key.accountId);
    storage.touchLastUsed([{ id: key.id, at: 5 }]);
    storage.appendUsageLogs([makeUsageLog(key)]);
    storage.listUsageLogs(key.accountId, key.id);
    storage.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
    expect(prepare).not.toHaveBeenCalled();
    db.close();
  });
});

describe('batches', () => {
  function traced() {
    const statements: string[] = [];
    const db = new Database(file.file, { verbose: (sql) => statements.push(String(sql)) });
    const storage = createSqliteStorage({ database: db });
    const key = makeStoredKey('acct_1');
    storage.insertKey(key, makeAuditEvent('api_key.created', key));
    statements.length = 0;
    return { db, storage, key, statements };
  }

  it('writes a last-used batch in one transaction', async () => {
    const { db, storage, key, statements } = traced();
    storage.touchLastUsed([
      { id: key.id, at: 10 },
      { id: key.id, at: 30 },
      { id: 'key_unknown', at: 40 },
    ]);
    expect(statements.filter((s) => s.startsWith('BEGIN'))).toHaveLength(1);
    expect(statements.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect((await storage.findKey(key.accountId, key.id))?.lastUsedAt).toBe(30);
    db.close();
  });

  it('appends a usage-log batch in one transaction', () => {
    const { db, storage, key, statements } = traced();
    storage.appendUsageLogs([makeUsageLog(key), makeUsageLog(key), makeUsageLog(key)]);
    expect(statements.filter((s) => s.startsWith('BEGIN'))).toHaveLength(1);
    expect(storage.listUsageLogs(key.accountId, key.id)).toHaveLength(3);
    db.close();
  });

  it('keeps the logs of known keys and drops those of a missing key', () => {
    const { db, storage, key } = traced();
    const ghost = makeStoredKey(key.accountId);
    storage.appendUsageLogs([makeUsageLog(key), makeUsageLog(ghost), makeUsageLog(key)]);
    expect(storage.listUsageLogs(key.accountId, key.id)).toHaveLength(2);
    expect(db.prepare('SELECT COUNT(*) AS n FROM api_key_usage_logs').get()).toEqual({ n: 2 });
    db.close();
  });

  it('writes none of a batch with a bad row, and leaves the key intact', () => {
    const { db, storage, key } = traced();
    const bad = { ...makeUsageLog(key), status: null as unknown as number };
    expect(() => storage.appendUsageLogs([makeUsageLog(key), bad])).toThrow(/NOT NULL/);
    expect(storage.listUsageLogs(key.accountId, key.id)).toEqual([]);
    expect(storage.findKeyByHash(key.hash)).toEqual(key);
    db.close();
  });

  it("writes none of a batch whose bad row comes after another key's rows were inserted", () => {
    const { db, storage, key } = traced();
    const other = makeStoredKey(key.accountId);
    storage.insertKey(other, makeAuditEvent('api_key.created', other));
    const bad = { ...makeUsageLog(other), endpoint: null as unknown as string };
    const good = Array.from({ length: 70 }, () => makeUsageLog(key));
    expect(() => storage.appendUsageLogs([...good, makeUsageLog(other), bad])).toThrow(/NOT NULL/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM api_key_usage_logs').get()).toEqual({ n: 0 });
    expect(storage.findKeyByHash(key.hash)).toEqual(key);
    db.close();
  });

  it('fails a batch whose rows share a value but one lacks it (NOT NULL still applies)', () => {
    const { db, storage, key } = traced();
    const columns = ['method', 'endpoint', 'query', 'ipHash'] as const;
    for (const column of columns) {
      for (const row of [0, 30, 63]) {
        const batch = Array.from({ length: 64 }, () => makeUsageLog(key));
        batch[row] = { ...batch[row]!, [column]: row === 63 ? undefined : null };
        expect(() => storage.appendUsageLogs(batch), `${column} @${row}`).toThrow(/NOT NULL/);
      }
    }
    expect(db.prepare('SELECT COUNT(*) AS n FROM api_key_usage_logs').get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps exactly the rows of the existing key when a batch mixes it with a deleted key', () => {
    const { db, storage, key } = traced();
    const deleted = makeStoredKey(key.accountId);
    storage.insertKey(deleted, makeAuditEvent('api_key.created', deleted));
    storage.appendUsageLogs([makeUsageLog(deleted)]);
    storage.deleteKey(deleted.accountId, deleted.id, makeAuditEvent('api_key.deleted', deleted));
    // Interleaved, as a batch built before the delete would hold them.
    const kept: UsageLog[] = [];
    const batch: UsageLog[] = [];
    for (let i = 0; i < 100; i++) {
      const log = makeUsageLog(i % 2 === 0 ? key : deleted, { at: T0 + i });
      if (i % 2 === 0) kept.push(log);
      batch.push(log);
    }
    storage.appendUsageLogs(batch);
    expect(storage.listUsageLogs(key.accountId, key.id, { limit: 1000 })).toEqual(
      newestFirst(kept),
    );
    expect(db.prepare('SELECT COUNT(*) AS n FROM api_key_usage_logs').get()).toEqual({ n: 50 });
    db.close();
  });

  it("drops a log that names another account than its key's", () => {
    const { db, storage, key } = traced();
    const kept = makeUsageLog(key, { at: T0 });
    storage.appendUsageLogs([makeUsageLog(key, { accountId: 'acct_other' }), kept]);
    expect(storage.listUsageLogs(key.accountId, key.id)).toEqual([kept]);
    expect(storage.listUsageLogs('acct_other', key.id)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM api_key_usage_logs').get()).toEqual({ n: 1 });
    db.close();
  });

  it('writes every row of a batch over several keys once, looking each key up once', () => {
    const { db, storage, key, statements } = traced();
    const second = makeStoredKey(key.accountId);
    const third = makeStoredKey('acct_2');
    for (const k of [second, third]) storage.insertKey(k, makeAuditEvent('api_key.created', k));
    const ghost = makeStoredKey(key.accountId);
    statements.length = 0;
    // 85 rows = 64 + 16 + 4 + 1: one statement of each size; 3 and 200 rows, shuffled together.
    const counts = new Map([
      [key, 85],
      [second, 3],
      [third, 200],
      [ghost, 7],
    ]);
    const batch: UsageLog[] = [];
    for (const [k, count] of counts) {
      for (let i = 0; i < count; i++) {
        batch.push(
          makeUsageLog(k, {
            at: T0 + (i % 40), // ties on `at`, ordered by id
            // Values that repeat in runs and values that change on every row.
            method: i % 4 === 0 ? 'POST' : 'GET',
            endpoint: i < 70 ? '/v1/status' : `/v1/content/gen_${i % 7}`,
            query: i % 2 === 0 ? '' : `page=${i}`,
            ipHash: i % 10 === 0 ? 'f'.repeat(64) : 'e'.repeat(64),
            errorCode: i % 3 === 0 ? 'BSE1003' : null,
            userAgent: i % 5 === 0 ? null : `agent/${i}`,
          }),
        );
      }
    }
    batch.sort(() => Math.random() - 0.5);
    storage.appendUsageLogs(batch);

    for (const k of [key, second, third]) {
      const mine = batch.filter((log) => log.keyId === k.id);
      expect(storage.listUsageLogs(k.accountId, k.id, { limit: 1000 })).toEqual(newestFirst(mine));
    }
    expect(db.prepare('SELECT COUNT(*) AS n FROM api_key_usage_logs').get()).toEqual({
      n: 85 + 3 + 200,
    });
    const lookups = statements.filter((sql) => sql.startsWith('SELECT account_id FROM api_keys'));
    expect(lookups).toHaveLength(4); // one per distinct key id, the missing one included
    const inserts = statements.filter((sql) => sql.startsWith('INSERT INTO api_key_usage_logs'));
    const chunks = (rows: number) =>
      LOG_CHUNK_SIZES.reduce(
        (acc, size) => ({ left: acc.left % size, n: acc.n + Math.floor(acc.left / size) }),
        { left: rows, n: 0 },
      ).n;
    expect(inserts).toHaveLength(chunks(85) + chunks(3) + chunks(200));
    db.close();
  });
});

describe('retention', () => {
  it('purges by age across every key id that has logs, orphans included', async () => {
    const storage = file.open();
    const db = storage.database;
    const keys = Array.from({ length: 30 }, () => makeStoredKey('acct_1'));
    for (const k of keys) storage.insertKey(k, makeAuditEvent('api_key.created', k));
    storage.appendUsageLogs(
      keys.flatMap((k) => Array.from({ length: 10 }, (_, i) => makeUsageLog(k, { at: T0 + i }))),
    );
    // Rows left by a key deleted with foreign keys off (by hand, outside the adapter).
    db.pragma('foreign_keys = OFF');
    const orphan = makeStoredKey('acct_1');
    db.prepare(
      `INSERT INTO api_key_usage_logs (id, key_id, account_id, at, method, endpoint, query,
        status, error_code, ip_hash, user_agent) VALUES (?, ?, ?, ?, 'GET', '/v1/status', '',
        200, NULL, 'h', NULL)`,
    ).run('log_orphan_old', orphan.id, orphan.accountId, T0 - 1);
    db.pragma('foreign_keys = ON');

    expect(storage.purgeUsageLogs(T0 + 4)).toBe(30 * 4 + 1);
    for (const k of keys) {
      const logs = await storage.listUsageLogs(k.accountId, k.id);
      expect(logs.map((log) => log.at)).toEqual([T0 + 9, T0 + 8, T0 + 7, T0 + 6, T0 + 5, T0 + 4]);
    }
    expect(storage.purgeUsageLogs(T0 + 4)).toBe(0);
    expect(storage.purgeUsageLogs(Number.MAX_SAFE_INTEGER)).toBe(30 * 6);
    expect(storage.purgeUsageLogs(Number.MAX_SAFE_INTEGER)).toBe(0);
  });
});

describe('change feed', () => {
  it('reaches every adapter of this process on the same file', () => {
    const writer = file.open();
    const reader = file.open();
    const changes: KeyChange[] = [];
    reader.subscribe((change) => changes.push(change));
    const key = makeStoredKey('acct_1');
    writer.insertKey(key, makeAuditEvent('api_key.created', key));
    writer.updateKey(
      key.accountId,
      key.id,
      1,
      { revokedAt: 9 },
      makeAuditEvent('api_key.revoked', key),
    );
    expect(changes).toEqual([{ type: 'revoked', keyId: key.id, hash: key.hash }]);
  });

  it('does not reach an adapter on another file', () => {
    const other = createTestFile();
    const changes: KeyChange[] = [];
    other.open().subscribe((change) => changes.push(change));
    const writer = file.open();
    const key = makeStoredKey('acct_1');
    writer.insertKey(key, makeAuditEvent('api_key.created', key));
    writer.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
    other.cleanup();
    expect(changes).toEqual([]);
  });

  it('stops calling the listeners of an adapter once it is closed', () => {
    const writer = file.open();
    const reader = file.open();
    const changes: KeyChange[] = [];
    reader.subscribe((change) => changes.push(change));
    reader.close();
    const key = makeStoredKey('acct_1');
    writer.insertKey(key, makeAuditEvent('api_key.created', key));
    writer.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
    expect(changes).toEqual([]);
  });

  it('reports a throwing listener and still calls the others', () => {
    const errors: unknown[] = [];
    const storage = file.open({ onError: (error) => errors.push(error) });
    const changes: KeyChange[] = [];
    storage.subscribe(() => {
      throw new Error('listener bug');
    });
    storage.subscribe((change) => changes.push(change));
    const key = makeStoredKey('acct_1');
    storage.insertKey(key, makeAuditEvent('api_key.created', key));
    storage.deleteKey(key.accountId, key.id, makeAuditEvent('api_key.deleted', key));
    expect(errors).toHaveLength(1);
    expect(changes).toHaveLength(1);
  });
});
