/**
 * The keys page's reads: one page of keys (filters, sort, keyset) with its total, and the
 * account-wide log feed. Their SQL comes from keys-core (`keyPageSql`, `accountLogsSql`) with
 * SQLite's spellings; each distinct statement is prepared once and kept (a handful of shapes).
 */
import {
  type AccountLogsQuery,
  accountLogsSql,
  type KeyPageQuery,
  keyPageSql,
  type SqlDialect,
  type StoredKey,
  type StoredKeyPage,
  type UsageLog,
} from '@babysea/keys-core';
import type { Database, Statement } from 'better-sqlite3';
import { type KeyRow, rowToKey, rowToLog, type UsageLogRow } from './rows.js';
import { KEY_COLUMNS, LOG_COLUMNS } from './statements.js';

/** SQLite's `lower()` folds ASCII letters only, as the contract asks; BINARY is code point order. */
const SQLITE_DIALECT: SqlDialect = {
  placeholder: () => '?',
  foldedContains: (column, needle) => `instr(lower(${column}), ${needle}) > 0`,
  contains: (column, needle) => `instr(${column}, ${needle}) > 0`,
  binaryText: (column) => column,
};

/** The statement shapes a page can take are few; more than this means something is wrong. */
const MAX_CACHED_STATEMENTS = 256;

export function createPagedReads(db: Database) {
  const statements = new Map<string, Statement>();
  function prepared(text: string): Statement {
    let statement = statements.get(text);
    if (statement === undefined) {
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  }

  return {
    listKeyPage(accountId: string, query: KeyPageQuery): StoredKeyPage {
      const { page, count } = keyPageSql('api_keys', KEY_COLUMNS, accountId, query, SQLITE_DIALECT);
      // One read transaction, so the total and the page see the same snapshot.
      return db.transaction(() => {
        const keys: StoredKey[] = (prepared(page.text).all(...page.values) as KeyRow[]).map(
          rowToKey,
        );
        const { total } = prepared(count.text).get(...count.values) as { total: number };
        return { keys, total };
      })();
    },

    listAccountUsageLogs(accountId: string, query: AccountLogsQuery): UsageLog[] {
      const sql = accountLogsSql(
        'api_key_usage_logs',
        LOG_COLUMNS,
        accountId,
        query,
        SQLITE_DIALECT,
      );
      return (prepared(sql.text).all(...sql.values) as UsageLogRow[]).map(rowToLog);
    },
  };
}
