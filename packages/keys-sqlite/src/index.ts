/**
 * @babysea/keys-sqlite: the embedded storage of BabySea Keys, on one SQLite file through
 * better-sqlite3 (a peer dependency).
 */

export {
  currentVersion,
  type MigrateResult,
  migrate,
  SQLITE_MIGRATIONS,
  type SqliteMigration,
  schemaSql,
} from './schema.js';
export {
  createSqliteStorage,
  type SqliteStorage,
  type SqliteStorageOptions,
} from './sqlite-storage.js';
