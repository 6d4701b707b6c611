import { type FieldIssue, KeysError } from '../errors/keys-error.js';
import type { ListOptions } from '../types.js';

/** The largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 1000;

/**
 * `VALIDATION_FAILED` carrying every issue; the message lists them all. Issue messages already
 * start with their field (`name: at most 100 characters`), as the primitives write them.
 */
export function validationError(issues: FieldIssue[]): KeysError {
  const message = issues.map((issue) => issue.message).join('; ');
  return new KeysError('VALIDATION_FAILED', message, { issues });
}

/** Throws unless `input` is an object (every operation takes one). */
export function assertObject(input: unknown): asserts input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw validationError([
      { field: 'input', rule: 'required', message: 'input: expected an object' },
    ]);
  }
}

/** A non-empty string id (`accountId`, `keyId`), or `VALIDATION_FAILED` naming the field. */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw validationError([
      { field, rule: 'required', message: `${field}: expected a non-empty string` },
    ]);
  }
  return value;
}

/** Paging options, checked: `limit` an integer in 1..1000, `before` a finite time. */
export function readPaging(input: { limit?: unknown; before?: unknown }): ListOptions {
  const issues: FieldIssue[] = [];
  const paging: ListOptions = {};
  const { limit, before } = input;
  if (limit !== undefined) {
    if (
      typeof limit === 'number' &&
      Number.isInteger(limit) &&
      limit >= 1 &&
      limit <= MAX_PAGE_SIZE
    ) {
      paging.limit = limit;
    } else {
      issues.push({
        field: 'limit',
        rule: 'invalid',
        message: `limit: expected an integer from 1 to ${MAX_PAGE_SIZE}`,
      });
    }
  }
  if (before !== undefined) {
    if (typeof before === 'number' && Number.isFinite(before)) paging.before = before;
    else
      issues.push({
        field: 'before',
        rule: 'invalid',
        message: 'before: expected epoch milliseconds',
      });
  }
  if (issues.length > 0) throw validationError(issues);
  return paging;
}
