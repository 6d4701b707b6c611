import { describe, expect, it } from 'vitest';
import { isKeysError, KEYS_ERROR_CODES, KeysError, type KeysErrorCode } from './keys-error.js';

const CODES = Object.keys(KEYS_ERROR_CODES) as KeysErrorCode[];

describe('isKeysError', () => {
  it('recognises a KeysError', () => {
    expect(isKeysError(new KeysError('NOT_FOUND', 'no such key'))).toBe(true);
  });

  it('recognises a KeysError thrown by another copy of the package (no shared class)', () => {
    const foreign = Object.assign(new Error('x'), { name: 'KeysError', code: 'NOT_FOUND' });
    expect(foreign instanceof KeysError).toBe(false);
    expect(isKeysError(foreign)).toBe(true);
  });

  it.each(CODES)('recognises a foreign copy for every known code (%s)', (code) => {
    expect(isKeysError(Object.assign(new Error('x'), { name: 'KeysError', code }))).toBe(true);
  });

  it('recognises a plain object of the same shape (a structured clone across a worker)', () => {
    expect(isKeysError({ name: 'KeysError', code: 'CONFLICT', message: 'x' })).toBe(true);
  });

  it.each([
    ['a plain Error', new Error('x')],
    [
      'an Error with a known code but another name',
      Object.assign(new Error('x'), { code: 'NOT_FOUND' }),
    ],
    ['the name without a code', Object.assign(new Error('x'), { name: 'KeysError' })],
    [
      'the name with an unknown code',
      Object.assign(new Error('x'), { name: 'KeysError', code: 'NO_SUCH_CODE' }),
    ],
    [
      'the name with a code inherited from Object.prototype',
      Object.assign(new Error('x'), { name: 'KeysError', code: 'toString' }),
    ],
    [
      'the name with the code "constructor"',
      Object.assign(new Error('x'), { name: 'KeysError', code: 'constructor' }),
    ],
    [
      'the name with the code "__proto__"',
      Object.assign(new Error('x'), { name: 'KeysError', code: '__proto__' }),
    ],
    [
      'the name with a non-string code',
      Object.assign(new Error('x'), { name: 'KeysError', code: 404 }),
    ],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'KeysError'],
    ['a number', 404],
  ])('refuses %s', (_label, value) => {
    expect(isKeysError(value)).toBe(false);
  });
});

describe('KeysError', () => {
  it.each(CODES)('takes status, bse, type and retryable from KEYS_ERROR_CODES (%s)', (code) => {
    const error = new KeysError(code, 'message');
    const mapping = KEYS_ERROR_CODES[code];
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KeysError');
    expect(error.code).toBe(code);
    expect(error.message).toBe('message');
    expect({
      status: error.status,
      bse: error.bse,
      type: error.type,
      retryable: error.retryable,
    }).toEqual(mapping);
  });

  it('has no issues, no field and no cause by default', () => {
    const error = new KeysError('INTERNAL', 'boom');
    expect(error.issues).toEqual([]);
    expect(error.field).toBeUndefined();
    expect(error.cause).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('keeps every issue and names the first issue’s field', () => {
    const issues = [
      { field: 'name', rule: 'required', message: 'name: required' },
      { field: 'ipAllowlist', rule: 'invalid_ip', message: 'bad', index: 2, value: 'nope' },
    ];
    const error = new KeysError('VALIDATION_FAILED', 'invalid', { issues });
    expect(error.issues).toEqual(issues);
    expect(error.field).toBe('name');
  });

  it('keeps the cause', () => {
    const cause = new Error('disk on fire');
    expect(new KeysError('STORAGE_UNAVAILABLE', 'storage', { cause }).cause).toBe(cause);
  });
});

describe('KEYS_ERROR_CODES', () => {
  it('maps each code to its HTTP status, BSE code, type and retryability (PRODUCT.md §5)', () => {
    expect(KEYS_ERROR_CODES).toEqual({
      AUTHENTICATION_REQUIRED: {
        status: 401,
        bse: 'BSE1001',
        type: 'authentication_required',
        retryable: false,
      },
      AUTHENTICATION_FAILED: {
        status: 401,
        bse: 'BSE1002',
        type: 'authentication_failed',
        retryable: false,
      },
      INSUFFICIENT_PERMISSIONS: {
        status: 403,
        bse: 'BSE1003',
        type: 'insufficient_permissions',
        retryable: false,
      },
      RATE_LIMITED: { status: 429, bse: 'BSE1005', type: 'rate_limit_exceeded', retryable: true },
      AUTH_RATE_LIMITED: {
        status: 429,
        bse: 'BSE1006',
        type: 'auth_rate_limited',
        retryable: true,
      },
      IP_NOT_ALLOWED: { status: 403, bse: 'BSE1007', type: 'ip_not_allowed', retryable: false },
      CONCURRENCY_LIMITED: {
        status: 429,
        bse: 'BSE1009',
        type: 'concurrency_limit_exceeded',
        retryable: true,
      },
      VALIDATION_FAILED: { status: 400, bse: 'BSE2001', type: 'invalid_input', retryable: false },
      UNKNOWN_ROUTE: { status: 404, bse: 'BSE9001', type: 'route_not_found', retryable: false },
      STORAGE_UNAVAILABLE: {
        status: 503,
        bse: 'BSE9002',
        type: 'service_unavailable',
        retryable: true,
      },
      ROLE_FORBIDDEN: { status: 403, bse: 'BSE9003', type: 'forbidden', retryable: false },
      NOT_FOUND: { status: 404, bse: 'BSE9004', type: 'not_found', retryable: false },
      CONFLICT: { status: 409, bse: 'BSE9005', type: 'conflict', retryable: false },
      METHOD_NOT_ALLOWED: {
        status: 405,
        bse: 'BSE9006',
        type: 'method_not_allowed',
        retryable: false,
      },
      UNSUPPORTED_MEDIA_TYPE: {
        status: 415,
        bse: 'BSE9007',
        type: 'unsupported_media_type',
        retryable: false,
      },
      LIMITER_UNAVAILABLE: {
        status: 503,
        bse: 'BSE9008',
        type: 'limiter_unavailable',
        retryable: true,
      },
      INVALID_CONFIGURATION: {
        status: 500,
        bse: 'BSE9500',
        type: 'invalid_configuration',
        retryable: false,
      },
      INTERNAL: { status: 500, bse: 'BSE9501', type: 'internal_error', retryable: false },
    });
  });

  it('uses a BabySea number only with its BabySea meaning, and BSE9xxx for the rest', () => {
    // BabySea's catalogue (PRODUCT.md §5.1): number → type and HTTP status.
    const babysea: Record<string, { type: string; status: number }> = {
      BSE1001: { type: 'authentication_required', status: 401 },
      BSE1002: { type: 'authentication_failed', status: 401 },
      BSE1003: { type: 'insufficient_permissions', status: 403 },
      BSE1004: { type: 'insufficient_credits', status: 402 },
      BSE1005: { type: 'rate_limit_exceeded', status: 429 },
      BSE1006: { type: 'auth_rate_limited', status: 429 },
      BSE1007: { type: 'ip_not_allowed', status: 403 },
      BSE1008: { type: 'account_not_found', status: 404 },
      BSE1009: { type: 'concurrency_limit_exceeded', status: 429 },
      BSE2001: { type: 'invalid_input', status: 400 },
    };
    for (const code of CODES) {
      const { bse, type, status } = KEYS_ERROR_CODES[code];
      if (bse.startsWith('BSE9')) continue;
      expect({ code, bse, type, status }).toEqual({ code, bse, ...babysea[bse] });
    }
  });

  it('gives every code its own BSE code', () => {
    const bses = CODES.map((code) => KEYS_ERROR_CODES[code].bse);
    expect(new Set(bses).size).toBe(bses.length);
  });
});
