import type { KeyChange } from '@babysea/keys-core';
import { makeAuditEvent, makeStoredKey, makeUsageLog } from '@babysea/keys-core/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteStorage } from './sqlite-storage.js';
import { createTestFile } from './test-files.js';

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

  it('sets WAL, busy_timeout and foreign keys', () => {
    const storage = file.open({ busyTimeoutMs: 1234 });
    const pragma = (name: string) => storage.database.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('busy_timeout')).toBe(1234);
    expect(pragma('foreign_keys')).toBe(1);
  });

  it("keeps a given Database's own busy_timeout", () => {
    const db = new Database(file.file, { timeout: 777 });
    createSqliteStorage({ database: db });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(777);
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
