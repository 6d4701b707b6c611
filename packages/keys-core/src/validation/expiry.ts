/**
 * Key expiry (optional, must be in the future) and the rotation grace period (one of the
 * durations the Rotate dialog offers, PRODUCT.md §6).
 */
import { invalid, type Result } from './result.js';

/** Grace periods, in hours, that a rotation may leave the old key working. */
export const GRACE_HOURS = [1, 6, 12, 24, 48, 72, 168] as const;

/** A grace period in hours: one of {@link GRACE_HOURS}. */
export type GraceHours = (typeof GRACE_HOURS)[number];

/** Grace period when none is given. */
export const DEFAULT_GRACE_HOURS = 24;

/** The range of a JavaScript `Date`: ±100,000,000 days from the epoch. */
const MAX_TIME = 8.64e15;

// ISO 8601 date or date-time. Date.parse alone accepts far looser, engine-specific text.
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * True when every field of the ISO text names a real calendar time: `Date.parse` rolls
 * `2030-02-31` over to March 3rd and accepts `T24:00`, where a person meant a date that does
 * not exist.
 */
function isRealDateTime(match: RegExpExecArray): boolean {
  const [, y, mo, d, h, mi, s, , oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  if (month < 1 || month > 12) return false;
  const day = Number(d);
  if (day < 1 || day > daysInMonth(year, month)) return false;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59)) return false;
  if (s !== undefined && Number(s) > 59) return false;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return false;
  return true;
}

function toEpochMs(input: Date | number | string): number {
  if (input instanceof Date) return input.getTime();
  if (typeof input === 'number') return input;
  if (typeof input !== 'string') return Number.NaN;
  const text = input.trim();
  const match = ISO_DATE.exec(text);
  if (match === null || !isRealDateTime(match)) return Number.NaN;
  return Date.parse(text);
}

/**
 * Validates an expiry. `null`/`undefined` mean "never" (`value: null`). A `Date`, epoch
 * milliseconds or an ISO 8601 string (`2030-01-01`, `2030-01-01T12:00:00Z`; a date-time without
 * an offset is read as local time, as `Date` does) becomes epoch milliseconds (floored to an
 * integer). Rules: `invalid` (not a date, or a date that does not exist such as `2030-02-31`
 * or `T25:00`), `past` (at or before `now`).
 *
 * @param now the engine clock's current time, epoch milliseconds
 * @example
 * validateExpiry('2030-01-01T00:00:00Z', Date.now()); // { ok: true, value: 1893456000000 }
 * validateExpiry(Date.now() - 1, Date.now()); // rule 'past'
 */
export function validateExpiry(
  input: Date | number | string | null | undefined,
  now: number,
): Result<number | null> {
  if (input === null || input === undefined) return { ok: true, value: null };
  const ms = Math.floor(toEpochMs(input));
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME) {
    return invalid(
      'expiresAt',
      'invalid',
      'expected a date (a Date, epoch milliseconds or ISO 8601)',
    );
  }
  if (ms <= now) return invalid('expiresAt', 'past', 'must be in the future');
  return { ok: true, value: ms };
}

/**
 * Validates a rotation grace period in hours; `undefined` or `null` gives
 * {@link DEFAULT_GRACE_HOURS}. Rule: `invalid` for anything but one of {@link GRACE_HOURS}.
 *
 * @example
 * validateGraceHours(undefined); // { ok: true, value: 24 }
 * validateGraceHours(2); // { ok: false, issues: [{ field: 'graceHours', rule: 'invalid', … }] }
 */
export function validateGraceHours(input: unknown): Result<number> {
  if (input === undefined || input === null) return { ok: true, value: DEFAULT_GRACE_HOURS };
  if (typeof input === 'number' && (GRACE_HOURS as readonly number[]).includes(input)) {
    return { ok: true, value: input };
  }
  return invalid('graceHours', 'invalid', `must be one of ${GRACE_HOURS.join(', ')} hours`);
}
