/**
 * Opening and configuring the connection: WAL, busy_timeout, foreign keys, checkpoints.
 */
import { createRequire } from 'node:module';
import type { Database } from 'better-sqlite3';

/** Opens `path` with better-sqlite3, loaded only now. */
export function openDatabase(path: string, busyTimeoutMs: number): Database {
  // Loaded only when the adapter opens the file itself, so a caller that passes its own
  // Database never needs the native module resolved from here.
  const require = createRequire(import.meta.url);
  const BetterSqlite3 = require('better-sqlite3') as new (
    file: string,
    options?: { timeout?: number },
  ) => Database;
  return new BetterSqlite3(path, { timeout: busyTimeoutMs });
}

/**
 * WAL (not for in-memory databases), foreign keys, and busy_timeout on a database the adapter
 * opened or one whose timeout is 0 (an owner's explicit choice is kept). On a database it
 * opened itself, also `synchronous` and the checkpoint interval.
 */
export function configure(db: Database, owned: boolean, busyTimeoutMs: number): void {
  if (owned || db.pragma('busy_timeout', { simple: true }) === 0) {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  }
  if (!db.memory) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  if (!owned) return;
  // WAL makes NORMAL durable against application crashes; only a power loss can drop the
  // last transactions, never corrupt the file. (better-sqlite3 opens a file that is already
  // in WAL at NORMAL, but a connection that has just switched it to WAL stays at FULL: one
  // fsync per commit.)
  db.pragma('synchronous = NORMAL');
  // Checkpoint every WAL_AUTOCHECKPOINT_PAGES instead of SQLite's 1000: a checkpoint (copy and
  // two fsyncs, on the writer's thread) runs 4x less often, and an index page rewritten by
  // many log batches is copied once. Costs a WAL file of up to ~16 MB (4 KiB pages).
  if (!db.memory) db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/** WAL pages between automatic checkpoints on a database the adapter opened. */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;
