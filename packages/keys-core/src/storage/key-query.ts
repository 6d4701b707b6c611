import type { KeyStatus, StoredKey, UsageLog } from '../types.js';

/** What a page of keys is ordered by. `lastUsed` puts never-used keys last (descending). */
export type KeySort = 'created' | 'lastUsed' | 'name';

/** Sort direction. */
export type SortOrder = 'asc' | 'desc';

/**
 * Where the previous page stopped: the sort value and the id of its last row. The engine hands
 * it back opaque (`KeyPage.nextCursor`); adapters see it decoded. `value` is a number for
 * `created` and `lastUsed` (a never-used key reads -1) and a string for `name`.
 */
export interface KeyCursor {
  value: number | string;
  id: string;
}

/**
 * One page of an account's keys, as the engine asks an adapter for it: filters, sort and
 * keyset paging all done by the store (an index range, never every key of the account).
 */
export interface KeyPageQuery {
  /** The clock reading that decides `status` (statuses are derived, never stored). */
  now: number;
  /** Only keys with this status at `now`. */
  status?: KeyStatus;
  /**
   * Only keys whose name contains this text (ASCII letters compared case-insensitively, every
   * other character exactly) or whose display prefix contains it exactly.
   */
  search?: string;
  sort: KeySort;
  order: SortOrder;
  /** Only keys after this one in the order above. */
  after?: KeyCursor;
  /** At most this many keys (the engine asks for one more than it shows, to know if more exist). */
  limit: number;
}

/** What an adapter answers to a {@link KeyPageQuery}. */
export interface StoredKeyPage {
  keys: StoredKey[];
  /** How many keys match the filters (status, search), ignoring `after` and `limit`. */
  total: number;
}

/** Which requests an account-wide log read keeps. */
export type LogOutcome = 'success' | 'refused';

/** Where the previous page of logs stopped (its last row). */
export interface LogCursor {
  at: number;
  id: string;
}

/** One page of an account's usage logs, newest first (by `at`, then `id`), as adapters see it. */
export interface AccountLogsQuery {
  /** Only logs with `at >= since`. */
  since?: number;
  /** Only logs with `at < until`. */
  until?: number;
  /** Only one key's logs. */
  keyId?: string;
  /** `success`: no error code; `refused`: any error code. */
  outcome?: LogOutcome;
  /** Only this HTTP status. */
  status?: number;
  /** Only this BSE code (e.g. `BSE1004`). */
  errorCode?: string;
  /** Only logs after this one (older, or as old with a smaller id). */
  after?: LogCursor;
  limit: number;
}

/** The sort value of a key for `sort`, as adapters compare it. */
export function keySortValue(key: StoredKey, sort: KeySort): number | string {
  if (sort === 'name') return key.name;
  if (sort === 'lastUsed') return key.lastUsedAt ?? -1;
  return key.createdAt;
}

/**
 * Compares two strings by Unicode code point, the order of SQLite's BINARY collation and of
 * PostgreSQL's "C" collation on UTF-8 (plain `<` compares UTF-16 units, which puts astral
 * characters before U+E000–U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}

/** Orders two keys as a {@link KeyPageQuery} does: by sort value, then by id, both in `order`. */
export function compareKeysFor(query: Pick<KeyPageQuery, 'sort' | 'order'>) {
  const sign = query.order === 'asc' ? 1 : -1;
  return (a: StoredKey, b: StoredKey): number => {
    const byValue = compareValues(keySortValue(a, query.sort), keySortValue(b, query.sort));
    if (byValue !== 0) return sign * byValue;
    return sign * compareCodePoints(a.id, b.id);
  };
}

/** Lowercases ASCII letters only, as SQLite's `lower()` does, so every adapter folds alike. */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** Whether a key with `status` (derived at the query's `now`) passes the status and search filters. */
export function matchesKeyFilters(
  key: StoredKey,
  query: Pick<KeyPageQuery, 'status' | 'search'>,
  status: KeyStatus,
): boolean {
  if (query.status !== undefined && status !== query.status) return false;
  if (query.search !== undefined && query.search !== '') {
    const inName = foldAscii(key.name).includes(foldAscii(query.search));
    if (!inName && !key.prefix.includes(query.search)) return false;
  }
  return true;
}

/** Whether `key` comes strictly after `cursor` in the query's order. */
export function isAfterKeyCursor(
  key: StoredKey,
  query: Pick<KeyPageQuery, 'sort' | 'order'>,
  cursor: KeyCursor,
): boolean {
  const sign = query.order === 'asc' ? 1 : -1;
  const byValue = compareValues(keySortValue(key, query.sort), cursor.value);
  if (byValue !== 0) return sign * byValue > 0;
  return sign * compareCodePoints(key.id, cursor.id) > 0;
}

/** Whether a log passes an {@link AccountLogsQuery}'s filters and cursor. */
export function matchesLogQuery(log: UsageLog, query: AccountLogsQuery): boolean {
  if (query.since !== undefined && log.at < query.since) return false;
  if (query.until !== undefined && log.at >= query.until) return false;
  if (query.keyId !== undefined && log.keyId !== query.keyId) return false;
  if (query.outcome === 'success' && log.errorCode !== null) return false;
  if (query.outcome === 'refused' && log.errorCode === null) return false;
  if (query.status !== undefined && log.status !== query.status) return false;
  if (query.errorCode !== undefined && log.errorCode !== query.errorCode) return false;
  const after = query.after;
  if (after !== undefined) {
    if (log.at > after.at) return false;
    if (log.at === after.at && compareCodePoints(log.id, after.id) >= 0) return false;
  }
  return true;
}
