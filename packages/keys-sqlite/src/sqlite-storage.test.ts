import { describeStorageAdapter } from '@babysea/keys-core/testing';
import Database from 'better-sqlite3';
import { createSqliteStorage } from './sqlite-storage.js';
import { createTestFile } from './test-files.js';

// A file, with `second()` on another connection: the races and the change feed cross a real
// connection boundary (BEGIN IMMEDIATE + busy_timeout).
describeStorageAdapter('sqlite (file, two connections)', () => {
  const file = createTestFile();
  return {
    storage: file.open(),
    second: () => file.open(),
    cleanup: () => file.cleanup(),
  };
});

// A Database the caller opened and owns: the adapter must work on it and never close it.
describeStorageAdapter('sqlite (given :memory: Database)', () => {
  const db = new Database(':memory:');
  return {
    storage: createSqliteStorage({ database: db }),
    cleanup: () => {
      db.close();
    },
  };
});
