/**
 * Every SQL statement of the adapter, prepared once per connection. Parameters are positional
 * (`?`) or named (`@name`, bound from the row objects of rows.ts).
 */
import type { Database, Statement } from 'better-sqlite3';

export const KEY_COLUMNS =
  'id, account_id, name, hash, prefix, scopes, preset, allowlist, created_at, created_by, ' +
  'expires_at, last_used_at, revoked_at, rotated_at, grace_ends_at, replaced_by, rotated_from, version';

export const LOG_COLUMNS =
  'id, key_id, account_id, at, method, endpoint, query, status, error_code, ip_hash, user_agent';

/**
 * Rows per usage-log insert statement, largest first: a key's logs of one batch are written
 * 64 at a time, the rest 16, 4 and 1 at a time (one statement per chunk size, prepared once).
 */
export const LOG_CHUNK_SIZES = [64, 16, 4, 1] as const;

/**
 * The values bound per log row: id, at, method, endpoint, query, status, error_code, ip_hash,
 * user_agent. Binding a string costs ~0.1 µs in better-sqlite3 (a NULL or a number a third of
 * that), the biggest share of a row, so what a chunk's rows share is bound once per statement:
 * the key and account (`@key_id`, `@account_id`, all rows), and the chunk's value of the NOT
 * NULL text columns that usually repeat (one client calling one route): a row binds NULL where
 * it repeats it and `coalesce(?, @method)` puts it back (see `createLogInserter`).
 */
export const LOG_ROW_VALUES = 9;
const LOG_ROW =
  '(?, @key_id, @account_id, ?, coalesce(?, @method), coalesce(?, @endpoint), ' +
  'coalesce(?, @query), ?, ?, coalesce(?, @ip_hash), ?)';

const EVENT_COLUMNS =
  'id, account_id, type, at, actor_id, actor_role, key_id, key_prefix, key_name, data';

const named = (columns: string) =>
  columns
    .split(', ')
    .map((c) => `@${c}`)
    .join(', ');

/** The prepared statements, by job. */
export interface Statements {
  insertKey: Statement;
  insertEvent: Statement;
  findByHash: Statement;
  findKey: Statement;
  listKeys: Statement;
  compareAndSet: Statement;
  deleteKey: Statement;
  deleteLogsOfKey: Statement;
  touch: Statement;
  /** The account of a key, or undefined (plucked). */
  keyAccount: Statement;
  /** `insertLogs[i]` inserts `LOG_CHUNK_SIZES[i]` rows of one key. */
  insertLogs: Statement[];
  listLogs: Statement;
  purgeLogs: Statement;
  listEvents: Statement;
}

/**
 * The usage counters' statements (schema version 3), prepared on first use, so that an
 * adapter on a database not yet migrated still serves everything else. A key's counters go
 * with it by the foreign key's ON DELETE CASCADE.
 */
export interface CounterStatements {
  /** Adds one counter (checked against its key's account) to its row. */
  addCounter: Statement;
  /** An account's counters summed per UTC day and outcome; `@key_id` NULL for every key. */
  readUsage: Statement;
  purgeCounters: Statement;
}

export function prepareStatements(db: Database): Statements {
  return {
    insertKey: db.prepare(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (${named(KEY_COLUMNS)})`),
    insertEvent: db.prepare(
      `INSERT INTO api_key_audit_events (${EVENT_COLUMNS}) VALUES (${named(EVENT_COLUMNS)})`,
    ),
    findByHash: db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE hash = ?`),
    findKey: db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ? AND account_id = ?`),
    listKeys: db.prepare(
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE account_id = ? ORDER BY created_at DESC, id DESC`,
    ),
    // One statement for every patch shape: a field changes only when its set_ flag is 1, so
    // an explicit null in the patch is written while a missing field is left alone.
    compareAndSet: db.prepare(`
      UPDATE api_keys SET
        revoked_at    = CASE WHEN @set_revoked_at = 1 THEN @revoked_at ELSE revoked_at END,
        rotated_at    = CASE WHEN @set_rotated_at = 1 THEN @rotated_at ELSE rotated_at END,
        grace_ends_at = CASE WHEN @set_grace_ends_at = 1 THEN @grace_ends_at ELSE grace_ends_at END,
        replaced_by   = CASE WHEN @set_replaced_by = 1 THEN @replaced_by ELSE replaced_by END,
        name          = CASE WHEN @set_name = 1 THEN @name ELSE name END,
        allowlist     = CASE WHEN @set_allowlist = 1 THEN @allowlist ELSE allowlist END,
        version       = version + 1
      WHERE id = @id AND account_id = @account_id AND version = @expected_version
      RETURNING ${KEY_COLUMNS}`),
    deleteKey: db.prepare(
      `DELETE FROM api_keys WHERE id = ? AND account_id = ? RETURNING ${KEY_COLUMNS}`,
    ),
    deleteLogsOfKey: db.prepare('DELETE FROM api_key_usage_logs WHERE key_id = ?'),
    // max(stored, given) without a read: rows already newer are not rewritten at all.
    touch: db.prepare(
      'UPDATE api_keys SET last_used_at = @at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @at)',
    ),
    keyAccount: db.prepare('SELECT account_id FROM api_keys WHERE id = ?').pluck(),
    // Plain inserts: the adapter checks each key once per batch, inside the batch's transaction.
    insertLogs: LOG_CHUNK_SIZES.map((rows) =>
      db.prepare(
        `INSERT INTO api_key_usage_logs (${LOG_COLUMNS}) VALUES ${Array(rows).fill(LOG_ROW).join(', ')}`,
      ),
    ),
    listLogs: db.prepare(`
      SELECT ${LOG_COLUMNS} FROM api_key_usage_logs
      WHERE key_id = ? AND account_id = ? AND at < ?
      ORDER BY at DESC, id DESC LIMIT ?`),
    // By age, through the (key_id, at) index: the keys that have logs are enumerated with one
    // index seek each (a loose index scan), then each key's old rows are one range. No index on
    // `at` alone is needed, so appending a log updates one index instead of two.
    purgeLogs: db.prepare(`
      WITH RECURSIVE logged (key_id) AS (
        SELECT MIN(key_id) FROM api_key_usage_logs
        UNION ALL
        SELECT (SELECT MIN(key_id) FROM api_key_usage_logs WHERE key_id > logged.key_id)
        FROM logged WHERE logged.key_id IS NOT NULL
      )
      DELETE FROM api_key_usage_logs
      WHERE key_id IN (SELECT key_id FROM logged) AND at < ?`),
    listEvents: db.prepare(`
      SELECT ${EVENT_COLUMNS} FROM api_key_audit_events
      WHERE account_id = ? AND at < ?
      ORDER BY at DESC, id DESC LIMIT ?`),
  };
}

export function prepareCounterStatements(db: Database): CounterStatements {
  return {
    addCounter: db.prepare(`
      INSERT INTO api_key_usage_counters
        (key_id, minute, outcome, code, account_id, count, not_itemised)
      SELECT @key_id, @minute, @outcome, @code, @account_id, @count, @not_itemised
      WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = @key_id AND account_id = @account_id)
      ON CONFLICT (key_id, minute, outcome, code) DO UPDATE SET
        count = count + excluded.count,
        not_itemised = not_itemised + excluded.not_itemised`),
    readUsage: db.prepare(`
      SELECT (minute / 86400000) * 86400000 AS day, outcome,
        SUM(count) AS count, SUM(not_itemised) AS not_itemised
      FROM api_key_usage_counters
      WHERE account_id = @account_id AND minute >= @from AND minute < @to
        AND (@key_id IS NULL OR key_id = @key_id)
      GROUP BY day, outcome`),
    purgeCounters: db.prepare('DELETE FROM api_key_usage_counters WHERE minute < ?'),
  };
}
