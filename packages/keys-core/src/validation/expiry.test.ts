import { describe, expect, it } from 'vitest';
import { DEFAULT_GRACE_HOURS, GRACE_HOURS, validateExpiry, validateGraceHours } from './expiry.js';

const NOW = Date.UTC(2026, 0, 1);

describe('validateExpiry', () => {
  it.each([null, undefined])('reads %j as never', (input) => {
    expect(validateExpiry(input, NOW)).toEqual({ ok: true, value: null });
  });

  it('accepts a Date in the future', () => {
    expect(validateExpiry(new Date(NOW + 1000), NOW)).toEqual({ ok: true, value: NOW + 1000 });
  });

  it('accepts epoch milliseconds in the future', () => {
    expect(validateExpiry(NOW + 1, NOW)).toEqual({ ok: true, value: NOW + 1 });
  });

  it('accepts an ISO 8601 date-time', () => {
    expect(validateExpiry('2030-01-01T00:00:00Z', NOW)).toEqual({ ok: true, value: 1893456000000 });
  });

  it.each([
    ['February 29th of a leap year', '2032-02-29', Date.UTC(2032, 1, 29)],
    ['December 31st', '2030-12-31', Date.UTC(2030, 11, 31)],
    ['the last second of a day', '2030-04-30T23:59:59Z', Date.UTC(2030, 3, 30, 23, 59, 59)],
    ['an offset', '2030-01-01T00:00:00+14:00', Date.UTC(2029, 11, 31, 10)],
  ])('accepts %s', (_label, input, expected) => {
    expect(validateExpiry(input, NOW)).toEqual({ ok: true, value: expected });
  });

  it('accepts an ISO 8601 date', () => {
    expect(validateExpiry('2030-01-01', NOW)).toEqual({ ok: true, value: 1893456000000 });
  });

  it('floors fractional milliseconds', () => {
    expect(validateExpiry(NOW + 1.9, NOW)).toEqual({ ok: true, value: NOW + 1 });
  });

  it.each([
    ['now', NOW],
    ['one millisecond ago', NOW - 1],
    ['a past date', new Date(Date.UTC(2020, 0, 1))],
    ['a past ISO date', '2020-01-01'],
  ])('refuses %s as past', (_label, input) => {
    expect(validateExpiry(input, NOW)).toEqual({
      ok: false,
      issues: [{ field: 'expiresAt', rule: 'past', message: 'expiresAt: must be in the future' }],
    });
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['beyond the Date range', 9e15],
    ['an invalid Date', new Date('nope')],
    ['free text', 'next tuesday'],
    ['a loose date format', '01/02/2030'],
    ['an impossible ISO date', '2030-13-45'],
    ['February 31st', '2030-02-31'],
    ['February 30th', '2030-02-30'],
    ['February 29th of a common year', '2030-02-29'],
    ['April 31st', '2030-04-31'],
    ['day 00', '2030-01-00'],
    ['month 00', '2030-00-10'],
    ['February 31st with a time', '2030-02-31T12:00:00Z'],
    ['hour 24', '2030-01-01T24:00:00Z'],
    ['hour 25', '2030-01-01T25:00Z'],
    ['minute 60', '2030-01-01T12:60:00Z'],
    ['second 60', '2030-01-01T12:00:60Z'],
    ['an offset of +24:00', '2030-01-01T12:00:00+24:00'],
    ['an offset minute of 60', '2030-01-01T12:00:00+01:60'],
    ['a boolean', true as never],
  ])('refuses %s as invalid', (_label, input) => {
    expect(validateExpiry(input, NOW)).toMatchObject({
      ok: false,
      issues: [{ field: 'expiresAt', rule: 'invalid' }],
    });
  });
});

describe('validateGraceHours', () => {
  it('defaults to 24 hours', () => {
    expect(validateGraceHours(undefined)).toEqual({ ok: true, value: DEFAULT_GRACE_HOURS });
    expect(DEFAULT_GRACE_HOURS).toBe(24);
  });

  it.each([...GRACE_HOURS])('accepts %i hours', (hours) => {
    expect(validateGraceHours(hours)).toEqual({ ok: true, value: hours });
  });

  it.each([0, 2, 25, -1, 1.5, '24', Number.NaN])('refuses %j', (hours) => {
    expect(validateGraceHours(hours)).toMatchObject({
      ok: false,
      issues: [{ field: 'graceHours', rule: 'invalid' }],
    });
  });
});
