/**
 * The SQL of `listKeyPage` and `listAccountUsageLogs`, written once for both SQL adapters: the
 * filters, orders and keyset conditions are the same in SQLite and PostgreSQL but for a few
 * spellings, which a {@link SqlDialect} supplies. Values are always bound, never inlined.
 */
import type { KeyStatus } from '../types.js';
import { type AccountLogsQuery, foldAscii, type KeyPageQuery, type KeySort } from './key-query.js';

/** How one SQL engine spells what differs. */
export interface SqlDialect {
  /** The placeholder of the `n`th bound value (1-based): `?` or `$n`. */
  placeholder(n: number): string;
  /** True when `column` with ASCII letters lowercased contains `needle` (already folded). */
  foldedContains(column: string, needle: string): string;
  /** True when `column` contains `needle` exactly. */
  contains(column: string, needle: string): string;
  /** A text column in code point order (SQLite: as is; PostgreSQL: `COLLATE "C"`). */
  binaryText(column: string): string;
}

/** A statement and the values it binds, in order. */
export interface BoundSql {
  text: string;
  values: unknown[];
}

function binder(dialect: SqlDialect) {
  const values: unknown[] = [];
  return {
    values,
    bind(value: unknown): string {
      values.push(value);
      return dialect.placeholder(values.length);
    },
  };
}

/**
 * Each status as a condition on the stored columns at `now` (mirrors `deriveStatus`). `now()`
 * binds the time once per use: SQLite's `?` cannot be referenced twice.
 */
function statusCondition(status: KeyStatus, now: () => string): string {
  const live = () => `revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${now()})`;
  switch (status) {
    case 'Revoked':
      return 'revoked_at IS NOT NULL';
    case 'Expired':
      return `revoked_at IS NULL AND (expires_at <= ${now()} OR grace_ends_at <= ${now()})`;
    case 'Rotated':
      return `${live()} AND grace_ends_at > ${now()}`;
    case 'Active':
      return `${live()} AND grace_ends_at IS NULL`;
  }
}

function sortExpression(sort: KeySort, dialect: SqlDialect): string {
  if (sort === 'name') return dialect.binaryText('name');
  if (sort === 'lastUsed') return 'coalesce(last_used_at, -1)';
  return 'created_at';
}

/**
 * One page of keys and the count of every key the filters keep.
 *
 * @param table the (schema-qualified) keys table
 * @param columns the columns to select
 */
export function keyPageSql(
  table: string,
  columns: string,
  accountId: string,
  query: KeyPageQuery,
  dialect: SqlDialect,
): { page: BoundSql; count: BoundSql } {
  const filter = binder(dialect);
  const conditions = [`account_id = ${filter.bind(accountId)}`];
  if (query.status !== undefined) {
    conditions.push(`(${statusCondition(query.status, () => filter.bind(query.now))})`);
  }
  if (query.search !== undefined && query.search !== '') {
    const folded = filter.bind(foldAscii(query.search));
    const exact = filter.bind(query.search);
    conditions.push(
      `(${dialect.foldedContains('name', folded)} OR ${dialect.contains('prefix', exact)})`,
    );
  }
  const count: BoundSql = {
    text: `SELECT count(*) AS total FROM ${table} WHERE ${conditions.join(' AND ')}`,
    values: [...filter.values],
  };

  const sort = sortExpression(query.sort, dialect);
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const id = dialect.binaryText('id');
  if (query.after !== undefined) {
    const comparison = query.order === 'asc' ? '>' : '<';
    const value = filter.bind(query.after.value);
    const afterId = filter.bind(query.after.id);
    conditions.push(`(${sort}, ${id}) ${comparison} (${value}, ${afterId})`);
  }
  const limit = filter.bind(Math.max(0, Math.floor(query.limit)));
  const page: BoundSql = {
    text:
      `SELECT ${columns} FROM ${table} WHERE ${conditions.join(' AND ')} ` +
      `ORDER BY ${sort} ${direction}, ${id} ${direction} LIMIT ${limit}`,
    values: filter.values,
  };
  return { page, count };
}

/** One page of an account's usage logs, newest first, filtered by `query`. */
export function accountLogsSql(
  table: string,
  columns: string,
  accountId: string,
  query: AccountLogsQuery,
  dialect: SqlDialect,
): BoundSql {
  const b = binder(dialect);
  const conditions = [`account_id = ${b.bind(accountId)}`];
  if (query.since !== undefined) conditions.push(`at >= ${b.bind(query.since)}`);
  if (query.until !== undefined) conditions.push(`at < ${b.bind(query.until)}`);
  if (query.keyId !== undefined) conditions.push(`key_id = ${b.bind(query.keyId)}`);
  if (query.outcome === 'success') conditions.push('error_code IS NULL');
  if (query.outcome === 'refused') conditions.push('error_code IS NOT NULL');
  if (query.status !== undefined) conditions.push(`status = ${b.bind(query.status)}`);
  if (query.errorCode !== undefined) conditions.push(`error_code = ${b.bind(query.errorCode)}`);
  const id = dialect.binaryText('id');
  if (query.after !== undefined) {
    conditions.push(`(at, ${id}) < (${b.bind(query.after.at)}, ${b.bind(query.after.id)})`);
  }
  const limit = b.bind(Math.max(0, Math.floor(query.limit)));
  return {
    text:
      `SELECT ${columns} FROM ${table} WHERE ${conditions.join(' AND ')} ` +
      `ORDER BY at DESC, ${id} DESC LIMIT ${limit}`,
    values: b.values,
  };
}
