/**
 * @babysea/keys-postgres: BabySea Keys storage on PostgreSQL through `pg` (a peer dependency),
 * for many app servers sharing one database, with a LISTEN/NOTIFY change feed.
 */
export { channelName } from './change-feed.js';
export {
  createPostgresStorage,
  OWNED_POOL_SETTINGS,
  type PostgresStorage,
  type PostgresStorageOptions,
} from './postgres-storage.js';
export {
  type MigrateOptions,
  type MigrateResult,
  migrate,
  POSTGRES_MIGRATIONS,
  type PostgresMigration,
  schemaSql,
} from './schema.js';
