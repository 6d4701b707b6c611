/**
 * Query strings of the paged reads (`GET /key-page`, `GET /logs`) as engine input. Numbers
 * must be plain digits (`limit=20`, `since=1767225600000`); text is passed through and the
 * engine checks it (allowed values, cursors), so the answers match `keys.listPage` exactly.
 */
import { type FieldIssue, KeysError } from '../errors/keys-error.js';
import type { KeySort, LogOutcome, SortOrder } from '../storage/key-query.js';
import type { KeyStatus } from '../types.js';

/** What `GET /key-page` passes to `keys.listPage`. */
export interface KeyPageParams {
  status?: KeyStatus;
  search?: string;
  sort?: KeySort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
}

/** What `GET /logs` passes to `keys.accountLogs`. */
export interface AccountLogsParams {
  since?: number;
  until?: number;
  keyId?: string;
  outcome?: LogOutcome;
  status?: number;
  errorCode?: string;
  limit?: number;
  cursor?: string;
}

function reader(query: string) {
  const params = new URLSearchParams(query);
  const issues: FieldIssue[] = [];
  const out: Record<string, string | number> = {};
  return {
    text(field: string): void {
      const raw = params.get(field);
      if (raw !== null && raw !== '') out[field] = raw;
    },
    number(field: string): void {
      const raw = params.get(field);
      if (raw === null || raw === '') return;
      if (/^\d{1,15}$/.test(raw)) out[field] = Number(raw);
      else
        issues.push({
          field,
          rule: 'invalid',
          message: `${field}: expected a non-negative integer`,
        });
    },
    done(): Record<string, string | number> {
      if (issues.length > 0) {
        throw new KeysError('VALIDATION_FAILED', issues.map((i) => i.message).join('; '), {
          issues,
        });
      }
      return out;
    },
  };
}

/** `status`, `search`, `sort`, `order`, `limit`, `cursor` from a query string. */
export function readKeyPageParams(query: string): KeyPageParams {
  const read = reader(query);
  for (const field of ['status', 'search', 'sort', 'order', 'cursor']) read.text(field);
  read.number('limit');
  return read.done() as KeyPageParams;
}

/** `since`, `until`, `keyId`, `outcome`, `status`, `errorCode`, `limit`, `cursor`. */
export function readAccountLogsParams(query: string): AccountLogsParams {
  const read = reader(query);
  for (const field of ['keyId', 'outcome', 'errorCode', 'cursor']) read.text(field);
  for (const field of ['since', 'until', 'status', 'limit']) read.number(field);
  return read.done() as AccountLogsParams;
}
