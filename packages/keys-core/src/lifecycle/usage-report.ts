/**
 * `keys.usage`: a key's (or the whole account's) requests per UTC day, split by outcome, read
 * from the exact usage counters. The store sums the counters per day and outcome (a SQL
 * `GROUP BY` in the SQL adapters); this module checks the input, asks for whole days ending
 * today, and lays the sums out as one row per day, zero-filled, oldest first.
 */
import type { FieldIssue } from '../errors/keys-error.js';
import type { UsageOutcome, UsageTotal } from '../types.js';
import { type EngineContext, readKey } from './context.js';
import { assertObject, requireId, validationError } from './inputs.js';
import type { UsageDay, UsageInput, UsageReport } from './keys-api.js';
import { assertAllowed } from './roles.js';
import { callStorage } from './storage-call.js';

/** Days a usage report covers by default. */
export const DEFAULT_USAGE_DAYS = 30;
/** The most days one usage report may cover. */
export const MAX_USAGE_DAYS = 90;

const DAY_MS = 86_400_000;

/** The field of `UsageDay` each outcome adds to. */
const FIELD_OF: Record<UsageOutcome, keyof Omit<UsageDay, 'day' | 'start'>> = {
  success: 'success',
  scope: 'scope',
  ip: 'ip',
  rate_limit: 'rateLimit',
  dead_key: 'deadKey',
  other: 'other',
};

function readDays(value: unknown): number {
  if (value === undefined) return DEFAULT_USAGE_DAYS;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= MAX_USAGE_DAYS
  ) {
    return value;
  }
  const issue: FieldIssue = {
    field: 'days',
    rule: 'invalid',
    message: `days: expected an integer from 1 to ${MAX_USAGE_DAYS}`,
  };
  throw validationError([issue]);
}

function emptyDay(start: number): UsageDay {
  return {
    day: start >= 0 ? new Date(start).toISOString().slice(0, 10) : '',
    start,
    total: 0,
    success: 0,
    scope: 0,
    ip: 0,
    rateLimit: 0,
    deadKey: 0,
    other: 0,
    notItemised: 0,
  };
}

function add(day: UsageDay, total: Pick<UsageTotal, 'outcome' | 'count' | 'notItemised'>): void {
  day[FIELD_OF[total.outcome] ?? 'other'] += total.count;
  day.total += total.count;
  day.notItemised += total.notItemised;
}

/** Lays store sums out as `days` UTC days ending with the one holding `now`. */
export function toUsageReport(
  accountId: string,
  keyId: string | null,
  now: number,
  days: number,
  totals: readonly UsageTotal[],
): UsageReport {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const first = today - (days - 1) * DAY_MS;
  const rows = Array.from({ length: days }, (_, i) => emptyDay(first + i * DAY_MS));
  const sum = { ...emptyDay(first), day: '' };
  for (const total of totals) {
    const row = rows[Math.round((total.day - first) / DAY_MS)];
    if (row === undefined) continue; // outside the range asked for: an adapter bug, not shown
    add(row, total);
    add(sum, total);
  }
  return { accountId, keyId, days: rows, totals: sum };
}

/** `keys.usage`. Any role may read it, as `logs`. */
export async function readUsage(engine: EngineContext, input: UsageInput): Promise<UsageReport> {
  assertObject(input);
  assertAllowed(input.actor, 'usage');
  const accountId = requireId('accountId', input.accountId);
  const keyId = input.keyId === undefined ? null : requireId('keyId', input.keyId);
  const days = readDays(input.days);
  if (keyId !== null) await readKey(engine, accountId, keyId);
  const now = engine.clock();
  const to = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const from = to - days * DAY_MS;
  const totals = await callStorage('reading usage', () =>
    engine.storage.readUsage(accountId, keyId === null ? { from, to } : { keyId, from, to }),
  );
  return toUsageReport(accountId, keyId, now, days, totals);
}
