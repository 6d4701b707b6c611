/**
 * Test support (imported by *.test.ts only, never by the package entry): a throwaway directory
 * per test with one database file, and every adapter opened on it closed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSqliteStorage,
  type SqliteStorage,
  type SqliteStorageOptions,
} from './sqlite-storage.js';

/** A fresh database file and the adapters opened on it (each one its own connection). */
export function createTestFile() {
  const dir = mkdtempSync(join(tmpdir(), 'keys-sqlite-'));
  const file = join(dir, 'keys.db');
  const opened: SqliteStorage[] = [];
  return {
    dir,
    file,
    /** Another connection on the file, as another engine (or process) would hold. */
    open(options: Omit<SqliteStorageOptions, 'database'> = {}): SqliteStorage {
      const storage = createSqliteStorage({ database: file, ...options });
      opened.push(storage);
      return storage;
    },
    cleanup(): void {
      for (const storage of opened.splice(0)) storage.close();
      rmSync(dir, { recursive: true, force: true });
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
