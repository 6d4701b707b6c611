/**
 * The paged reads behind a keys page at scale: `listPage` (filters, sort and keyset paging done
 * by storage, with a total) and `accountLogs` (every key's usage logs in one newest-first feed).
 * Each asks storage for one row more than it shows: that row's existence is the next cursor.
 */
import type { FieldIssue } from '../errors/keys-error.js';
import type { KeySort, LogOutcome, SortOrder } from '../storage/key-query.js';
import { keySortValue } from '../storage/key-query.js';
import type { KeyStatus } from '../types.js';
import type { EngineContext } from './context.js';
import { assertObject, MAX_PAGE_SIZE, requireId, validationError } from './inputs.js';
import type {
  AccountLogsInput,
  KeyPage,
  ListKeysPageInput,
  LoggedKey,
  LogPage,
} from './keys-api.js';
import {
  decodeKeyCursor,
  decodeLogCursor,
  encodeKeyCursor,
  encodeLogCursor,
} from './page-cursor.js';
import { assertAllowed } from './roles.js';
import { toApiKey } from './status.js';
import { callStorage } from './storage-call.js';

/** Rows per page when `limit` is not given: a screenful. */
export const DEFAULT_LIST_PAGE_SIZE = 50;
/** The longest search text (a name is at most 100 characters). */
const MAX_SEARCH_LENGTH = 200;
const STATUSES: readonly KeyStatus[] = ['Active', 'Rotated', 'Expired', 'Revoked'];
const SORTS: readonly KeySort[] = ['created', 'lastUsed', 'name'];
const ORDERS: readonly SortOrder[] = ['asc', 'desc'];
const OUTCOMES: readonly LogOutcome[] = ['success', 'refused'];

/** Reads optional input fields, collecting one issue per bad field. */
function reader(issues: FieldIssue[]) {
  function oneOf<T extends string>(
    field: string,
    value: unknown,
    allowed: readonly T[],
  ): T | undefined {
    if (value === undefined) return undefined;
    if (allowed.includes(value as T)) return value as T;
    issues.push({
      field,
      rule: 'invalid',
      message: `${field}: expected one of ${allowed.join(', ')}`,
    });
    return undefined;
  }
  function integer(field: string, value: unknown, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return value;
    }
    issues.push({
      field,
      rule: 'invalid',
      message: `${field}: expected an integer from ${min} to ${max}`,
    });
    return undefined;
  }
  function text(field: string, value: unknown, maxLength: number): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.length <= maxLength) return value;
    issues.push({
      field,
      rule: 'invalid',
      message: `${field}: expected text of at most ${maxLength} characters`,
    });
    return undefined;
  }
  return { oneOf, integer, text };
}

/** `keys.listPage`: one page of the account's keys, filtered, sorted and counted by storage. */
export async function listKeyPage(
  engine: EngineContext,
  input: ListKeysPageInput,
): Promise<KeyPage> {
  assertObject(input);
  assertAllowed(input.actor, 'list');
  const accountId = requireId('accountId', input.accountId);
  const issues: FieldIssue[] = [];
  const read = reader(issues);
  const status = read.oneOf('status', input.status, STATUSES);
  const search = read.text('search', input.search, MAX_SEARCH_LENGTH);
  const sort = read.oneOf('sort', input.sort, SORTS) ?? 'created';
  const order = read.oneOf('order', input.order, ORDERS) ?? (sort === 'name' ? 'asc' : 'desc');
  const limit = read.integer('limit', input.limit, 1, MAX_PAGE_SIZE) ?? DEFAULT_LIST_PAGE_SIZE;
  if (issues.length > 0) throw validationError(issues);
  const after = input.cursor === undefined ? undefined : decodeKeyCursor(input.cursor, sort, order);

  const now = engine.clock();
  const page = await callStorage('listing keys', () =>
    engine.storage.listKeyPage(accountId, {
      now,
      ...(status === undefined ? {} : { status }),
      ...(search === undefined || search === '' ? {} : { search }),
      sort,
      order,
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    }),
  );
  const shown = page.keys.slice(0, limit);
  const last = shown.at(-1);
  const nextCursor =
    page.keys.length > limit && last !== undefined
      ? encodeKeyCursor(sort, order, { value: keySortValue(last, sort), id: last.id })
      : null;
  return { keys: shown.map((key) => toApiKey(key, now)), total: page.total, nextCursor };
}

/** `keys.accountLogs`: the account's usage logs across all its keys, newest first. */
export async function listAccountLogs(
  engine: EngineContext,
  input: AccountLogsInput,
): Promise<LogPage> {
  assertObject(input);
  assertAllowed(input.actor, 'logs');
  const accountId = requireId('accountId', input.accountId);
  const issues: FieldIssue[] = [];
  const read = reader(issues);
  const since = read.integer('since', input.since, 0, Number.MAX_SAFE_INTEGER);
  const until = read.integer('until', input.until, 0, Number.MAX_SAFE_INTEGER);
  const keyId = read.text('keyId', input.keyId, 100);
  const outcome = read.oneOf('outcome', input.outcome, OUTCOMES);
  const status = read.integer('status', input.status, 100, 599);
  const errorCode = read.text('errorCode', input.errorCode, 20);
  const limit = read.integer('limit', input.limit, 1, MAX_PAGE_SIZE) ?? DEFAULT_LIST_PAGE_SIZE;
  if (since !== undefined && until !== undefined && since > until) {
    issues.push({ field: 'until', rule: 'invalid', message: 'until: expected a time after since' });
  }
  if (issues.length > 0) throw validationError(issues);
  const after = input.cursor === undefined ? undefined : decodeLogCursor(input.cursor);

  const rows = await callStorage('listing usage logs', () =>
    engine.storage.listAccountUsageLogs(accountId, {
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(keyId === undefined ? {} : { keyId }),
      ...(outcome === undefined ? {} : { outcome }),
      ...(status === undefined ? {} : { status }),
      ...(errorCode === undefined ? {} : { errorCode }),
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    }),
  );
  const logs = rows.slice(0, limit);
  const last = logs.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeLogCursor({ at: last.at, id: last.id })
      : null;
  return { logs, keys: await loggedKeys(engine, accountId, logs), nextCursor };
}

/** The keys a page of logs names, read once each (a page covers few keys). */
async function loggedKeys(
  engine: EngineContext,
  accountId: string,
  logs: readonly { keyId: string }[],
): Promise<LoggedKey[]> {
  const ids = [...new Set(logs.map((log) => log.keyId))];
  const found = await Promise.all(
    ids.map((id) => callStorage('reading the key', () => engine.storage.findKey(accountId, id))),
  );
  return found.flatMap((key) =>
    key === null ? [] : [{ id: key.id, name: key.name, prefix: key.prefix }],
  );
}
