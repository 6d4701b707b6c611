/**
 * Every SQL text of the adapter, built once per schema, and the per-query type parsers. The
 * parsers are passed with each query (`types`), never set globally, so that the application's
 * own use of `pg` is untouched.
 */
import type { CustomTypesConfig } from 'pg';
import pg from 'pg';

const INT8_OID = 20;

/**
 * `bigint` columns (epoch milliseconds, counts) as JavaScript numbers; every other type as the
 * driver's defaults. Epoch milliseconds stay far below 2^53.
 */
export const numericTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

export const KEY_COLUMNS =
  'id, account_id, name, hash, prefix, scopes, preset, allowlist, created_at, created_by, ' +
  'expires_at, last_used_at, revoked_at, rotated_at, grace_ends_at, replaced_by, rotated_from, version';

export const LOG_COLUMNS =
  'id, key_id, account_id, at, method, endpoint, query, status, error_code, ip_hash, user_agent';

const EVENT_COLUMNS =
  'id, account_id, type, at, actor_id, actor_role, key_id, key_prefix, key_name, data';

/** `$from, $from+1, …` for `count` parameters. */
const params = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');

/** The adapter's SQL for one quoted schema name. */
export function buildSql(s: string) {
  return {
    insertSecret: `INSERT INTO ${s}.keys_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
    readSecret: `SELECT value FROM ${s}.keys_secrets WHERE name = $1`,
    // Key and event in one statement: both rows or neither, in one round trip.
    insertKey: `
      WITH inserted AS (
        INSERT INTO ${s}.api_keys (${KEY_COLUMNS}) VALUES (${params(1, 18)})
      )
      INSERT INTO ${s}.api_key_audit_events (${EVENT_COLUMNS}) VALUES (${params(19, 10)})`,
    insertReplacement: `INSERT INTO ${s}.api_keys (${KEY_COLUMNS}) VALUES (${params(1, 18)})`,
    insertEvent: `INSERT INTO ${s}.api_key_audit_events (${EVENT_COLUMNS}) VALUES (${params(1, 10)})`,
    findByHash: `SELECT ${KEY_COLUMNS} FROM ${s}.api_keys WHERE hash = $1`,
    findKey: `SELECT ${KEY_COLUMNS} FROM ${s}.api_keys WHERE id = $1 AND account_id = $2`,
    listKeys: `
      SELECT ${KEY_COLUMNS} FROM ${s}.api_keys WHERE account_id = $1
      ORDER BY created_at DESC, id DESC`,
    // One text for every patch shape: a field changes only when its flag is true, so an
    // explicit null in the patch is written while a missing field is left alone.
    compareAndSet: `
      UPDATE ${s}.api_keys SET
        revoked_at    = CASE WHEN $4::boolean THEN $5::bigint ELSE revoked_at END,
        rotated_at    = CASE WHEN $6::boolean THEN $7::bigint ELSE rotated_at END,
        grace_ends_at = CASE WHEN $8::boolean THEN $9::bigint ELSE grace_ends_at END,
        replaced_by   = CASE WHEN $10::boolean THEN $11::text ELSE replaced_by END,
        name          = CASE WHEN $12::boolean THEN $13::text ELSE name END,
        allowlist     = CASE WHEN $14::boolean THEN $15::text[] ELSE allowlist END,
        version       = version + 1
      WHERE id = $1 AND account_id = $2 AND version = $3
      RETURNING ${KEY_COLUMNS}`,
    deleteKey: `
      DELETE FROM ${s}.api_keys WHERE id = $1 AND account_id = $2 RETURNING ${KEY_COLUMNS}`,
    deleteLogsOfKey: `DELETE FROM ${s}.api_key_usage_logs WHERE key_id = $1`,
    // Journal and notify in one statement, inside the change's transaction: both happen on
    // commit or neither does.
    publishChange: `
      WITH journal AS (
        INSERT INTO ${s}.api_key_changes (type, key_id, hash) VALUES ($2, $3, $4) RETURNING seq
      )
      SELECT pg_notify($1, json_build_object('type', $2::text, 'keyId', $3::text, 'hash', $4::text)::text)
      FROM journal`,
    replayChanges: `
      SELECT type, key_id AS "keyId", hash FROM ${s}.api_key_changes
      WHERE changed_at > now() - make_interval(secs => $1) ORDER BY seq`,
    pruneChanges: `DELETE FROM ${s}.api_key_changes WHERE changed_at < now() - make_interval(secs => $1)`,
    // max(stored, given) in one statement. The rows are locked in id order first so that two
    // servers flushing overlapping batches at once queue instead of deadlocking.
    touch: `
      WITH stamps AS (
        SELECT id, MAX(at) AS at FROM unnest($1::text[], $2::bigint[]) AS t (id, at) GROUP BY id
      ), locked AS MATERIALIZED (
        SELECT k.id FROM ${s}.api_keys k JOIN stamps ON stamps.id = k.id
        WHERE k.last_used_at IS NULL OR k.last_used_at < stamps.at
        ORDER BY k.id FOR NO KEY UPDATE OF k
      )
      UPDATE ${s}.api_keys k SET last_used_at = GREATEST(k.last_used_at, stamps.at)
      FROM stamps, locked WHERE k.id = locked.id AND stamps.id = locked.id`,
    // One multi-row insert; a log of a key that is gone or of another account is dropped.
    appendLogs: `
      INSERT INTO ${s}.api_key_usage_logs (${LOG_COLUMNS})
      SELECT l.* FROM unnest(
        $1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],
        $7::text[], $8::integer[], $9::text[], $10::text[], $11::text[]
      ) AS l (${LOG_COLUMNS})
      WHERE EXISTS (
        SELECT 1 FROM ${s}.api_keys k WHERE k.id = l.key_id AND k.account_id = l.account_id
      )`,
    listLogs: `
      SELECT ${LOG_COLUMNS} FROM ${s}.api_key_usage_logs
      WHERE key_id = $1 AND account_id = $2 AND at < $3
      ORDER BY at DESC, id DESC LIMIT $4`,
    purgeLogs: `DELETE FROM ${s}.api_key_usage_logs WHERE at < $1`,
    purgeCounters: `DELETE FROM ${s}.api_key_usage_counters WHERE minute < $1`,
    // Summed per row first (one statement may not update a row twice), in key order (two
    // servers upserting the same rows queue instead of deadlocking); counters of a key that is
    // gone or of another account are dropped.
    addCounters: `
      INSERT INTO ${s}.api_key_usage_counters AS c
        (key_id, minute, outcome, code, account_id, count, not_itemised)
      SELECT t.key_id, t.minute, t.outcome, t.code, t.account_id, SUM(t.count), SUM(t.not_itemised)
      FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
        AS t (key_id, minute, outcome, code, account_id, count, not_itemised)
      WHERE EXISTS (
        SELECT 1 FROM ${s}.api_keys k WHERE k.id = t.key_id AND k.account_id = t.account_id
      )
      GROUP BY t.key_id, t.minute, t.outcome, t.code, t.account_id
      ORDER BY t.key_id, t.minute, t.outcome, t.code
      ON CONFLICT (key_id, minute, outcome, code) DO UPDATE SET
        count = c.count + excluded.count,
        not_itemised = c.not_itemised + excluded.not_itemised`,
    readUsage: `
      SELECT (minute / 86400000) * 86400000 AS day, outcome,
        SUM(count)::bigint AS count, SUM(not_itemised)::bigint AS not_itemised
      FROM ${s}.api_key_usage_counters
      WHERE account_id = $1 AND minute >= $2 AND minute < $3
        AND ($4::text IS NULL OR key_id = $4)
      GROUP BY day, outcome`,
    listEvents: `
      SELECT ${EVENT_COLUMNS} FROM ${s}.api_key_audit_events
      WHERE account_id = $1 AND at < $2
      ORDER BY at DESC, id DESC LIMIT $3`,
  };
}

/** The SQL texts of one schema. */
export type Sql = ReturnType<typeof buildSql>;
