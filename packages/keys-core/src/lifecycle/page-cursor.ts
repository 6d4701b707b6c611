/**
 * Opaque paging cursors: the position of a page's last row, as base64url text that a client
 * passes back unchanged. The engine alone reads them, and checks every field, so a forged or
 * stale cursor is a clear `VALIDATION_FAILED` (field `cursor`), never a storage error.
 */
import type { FieldIssue } from '../errors/keys-error.js';
import type { KeyCursor, KeySort, LogCursor, SortOrder } from '../storage/key-query.js';
import { validationError } from './inputs.js';

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function badCursor(text: string): never {
  const issue: FieldIssue = { field: 'cursor', rule: 'invalid', message: `cursor: ${text}` };
  throw validationError([issue]);
}

function decodeArray(cursor: unknown): unknown[] {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 1024) {
    badCursor('expected the nextCursor of a previous page');
  }
  const json = fromBase64Url(cursor);
  let value: unknown;
  try {
    value = json === null ? null : JSON.parse(json);
  } catch {
    value = null;
  }
  if (!Array.isArray(value)) badCursor('expected the nextCursor of a previous page');
  return value;
}

/** The cursor after `last` in a key listing sorted by `sort` and `order`. */
export function encodeKeyCursor(sort: KeySort, order: SortOrder, last: KeyCursor): string {
  return toBase64Url(JSON.stringify(['k', sort, order, last.value, last.id]));
}

/**
 * Reads a key-listing cursor; it must come from a listing with the same sort and order (a
 * position in one order means nothing in another).
 */
export function decodeKeyCursor(cursor: unknown, sort: KeySort, order: SortOrder): KeyCursor {
  const [kind, cursorSort, cursorOrder, value, id] = decodeArray(cursor);
  if (kind !== 'k' || typeof id !== 'string') badCursor('expected a cursor of a key listing');
  if (cursorSort !== sort || cursorOrder !== order) {
    badCursor('this cursor belongs to another sort order; start again without it');
  }
  const valueOk =
    sort === 'name'
      ? typeof value === 'string'
      : typeof value === 'number' && Number.isFinite(value);
  if (!valueOk) badCursor('expected a cursor of a key listing');
  return { value: value as number | string, id };
}

/** The cursor after `last` in an account-wide log listing. */
export function encodeLogCursor(last: LogCursor): string {
  return toBase64Url(JSON.stringify(['l', last.at, last.id]));
}

/** Reads an account-wide log cursor. */
export function decodeLogCursor(cursor: unknown): LogCursor {
  const [kind, at, id] = decodeArray(cursor);
  if (kind !== 'l' || typeof at !== 'number' || !Number.isFinite(at) || typeof id !== 'string') {
    badCursor('expected a cursor of a log listing');
  }
  return { at, id };
}
