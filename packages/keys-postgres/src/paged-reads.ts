/**
 * The keys page's reads: one page of keys (filters, sort, keyset) with its total, and the
 * account-wide log feed. Their SQL comes from keys-core (`keyPageSql`, `accountLogsSql`) with
 * PostgreSQL's spellings.
 */
import {
  type AccountLogsQuery,
  accountLogsSql,
  type KeyPageQuery,
  keyPageSql,
  type SqlDialect,
  type StoredKeyPage,
  type UsageLog,
} from '@babysea/keys-core';
import type { QueryResult, QueryResultRow } from 'pg';
import { type KeyRow, rowToKey, rowToLog, type UsageLogRow } from './rows.js';
import { KEY_COLUMNS, LOG_COLUMNS } from './sql.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * `lower()` in PostgreSQL folds every letter the collation knows; the contract folds ASCII
 * only (as SQLite does), so `translate` folds exactly A–Z. `COLLATE "C"` is code point order.
 */
const POSTGRES_DIALECT: SqlDialect = {
  placeholder: (n) => `$${n}`,
  foldedContains: (column, needle) =>
    `strpos(translate(${column}, '${UPPER}', '${UPPER.toLowerCase()}'), ${needle}) > 0`,
  contains: (column, needle) => `strpos(${column}, ${needle}) > 0`,
  binaryText: (column) => `${column} COLLATE "C"`,
};

type Query = <R extends QueryResultRow>(text: string, values: unknown[]) => Promise<QueryResult<R>>;

export function createPagedReads(schema: string, query: Query) {
  const keys = `${schema}.api_keys`;
  const logs = `${schema}.api_key_usage_logs`;
  return {
    async listKeyPage(accountId: string, pageQuery: KeyPageQuery): Promise<StoredKeyPage> {
      const { page, count } = keyPageSql(keys, KEY_COLUMNS, accountId, pageQuery, POSTGRES_DIALECT);
      const [rows, counted] = await Promise.all([
        query<KeyRow>(page.text, page.values),
        query<{ total: number }>(count.text, count.values),
      ]);
      return { keys: rows.rows.map(rowToKey), total: Number(counted.rows[0]?.total ?? 0) };
    },

    async listAccountUsageLogs(
      accountId: string,
      logsQuery: AccountLogsQuery,
    ): Promise<UsageLog[]> {
      const sql = accountLogsSql(logs, LOG_COLUMNS, accountId, logsQuery, POSTGRES_DIALECT);
      const { rows } = await query<UsageLogRow>(sql.text, sql.values);
      return rows.map(rowToLog);
    },
  };
}
