/**
 * One error class for the whole kit. `code` is stable (tests and callers branch on it);
 * `status`, `bse` and `type` say how the HTTP layer answers (PRODUCT.md §5). Messages never
 * contain a secret.
 */

/**
 * Every code, with the HTTP status, BabySea error code and type it maps to. A `BSE` number here
 * never means anything other than it does in BabySea's catalogue (PRODUCT.md §5.1): cases
 * BabySea has no code for take numbers in the `BSE9xxx` range, which BabySea does not use.
 */
export const KEYS_ERROR_CODES = {
  /** No `Authorization: Bearer` header. */
  AUTHENTICATION_REQUIRED: {
    status: 401,
    bse: 'BSE1001',
    type: 'authentication_required',
    retryable: false,
  },
  /** Malformed, unknown, revoked, expired or rotated-past-grace key: one answer for all. */
  AUTHENTICATION_FAILED: {
    status: 401,
    bse: 'BSE1002',
    type: 'authentication_failed',
    retryable: false,
  },
  /** The key lacks the scope of the route. */
  INSUFFICIENT_PERMISSIONS: {
    status: 403,
    bse: 'BSE1003',
    type: 'insufficient_permissions',
    retryable: false,
  },
  /** The account (or the key's own) rate limit is spent; `Retry-After` says when to retry. */
  RATE_LIMITED: { status: 429, bse: 'BSE1005', type: 'rate_limit_exceeded', retryable: true },
  /** Too many failed authentications from one client IP (IPv6: one /64). */
  AUTH_RATE_LIMITED: { status: 429, bse: 'BSE1006', type: 'auth_rate_limited', retryable: true },
  /** The client IP is outside the key's allowlist. */
  IP_NOT_ALLOWED: { status: 403, bse: 'BSE1007', type: 'ip_not_allowed', retryable: false },
  /** Too many requests of one account in flight at once. */
  CONCURRENCY_LIMITED: {
    status: 429,
    bse: 'BSE1009',
    type: 'concurrency_limit_exceeded',
    retryable: true,
  },
  /** Invalid input to a management operation; `field` and `rule` say which. */
  VALIDATION_FAILED: { status: 400, bse: 'BSE2001', type: 'invalid_input', retryable: false },
  /** The route is not in the route table: not a key route, never allowed. */
  UNKNOWN_ROUTE: { status: 404, bse: 'BSE9001', type: 'route_not_found', retryable: false },
  /** Storage failed; the request is refused (fail closed). */
  STORAGE_UNAVAILABLE: {
    status: 503,
    bse: 'BSE9002',
    type: 'service_unavailable',
    retryable: true,
  },
  /** The actor's role may not do this (members only read). */
  ROLE_FORBIDDEN: { status: 403, bse: 'BSE9003', type: 'forbidden', retryable: false },
  /** No such key in this account (or no such management endpoint). */
  NOT_FOUND: { status: 404, bse: 'BSE9004', type: 'not_found', retryable: false },
  /** The key's state forbids the operation (rotating a non-Active key, revoking a revoked one). */
  CONFLICT: { status: 409, bse: 'BSE9005', type: 'conflict', retryable: false },
  /** The management endpoint exists but not with this method; `Allow` lists the methods. */
  METHOD_NOT_ALLOWED: {
    status: 405,
    bse: 'BSE9006',
    type: 'method_not_allowed',
    retryable: false,
  },
  /** A management POST without `Content-Type: application/json` (also the CSRF guard). */
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    bse: 'BSE9007',
    type: 'unsupported_media_type',
    retryable: false,
  },
  /** The rate limiter's store failed and the failure policy is `'deny'` (default: allow). */
  LIMITER_UNAVAILABLE: {
    status: 503,
    bse: 'BSE9008',
    type: 'limiter_unavailable',
    retryable: true,
  },
  /** Bad options given to `createKeys` or a binding: a programmer error. */
  INVALID_CONFIGURATION: {
    status: 500,
    bse: 'BSE9500',
    type: 'invalid_configuration',
    retryable: false,
  },
  /** Anything else. */
  INTERNAL: { status: 500, bse: 'BSE9501', type: 'internal_error', retryable: false },
} as const;

export type KeysErrorCode = keyof typeof KEYS_ERROR_CODES;

/** One problem with one input field, e.g. `{ field: 'name', rule: 'max_length', message }`. */
export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
  /** Position in a list field (the allowlist entry), when there is one. */
  index?: number;
  /** The offending text (an allowlist entry), when there is one. Never a secret. */
  value?: string;
}

export interface KeysErrorOptions {
  cause?: unknown;
  /** For `VALIDATION_FAILED`: every problem found, not just the first. */
  issues?: FieldIssue[];
}

export class KeysError extends Error {
  override readonly name = 'KeysError';
  readonly code: KeysErrorCode;
  readonly status: number;
  readonly bse: string;
  readonly type: string;
  readonly retryable: boolean;
  readonly issues: FieldIssue[];

  constructor(code: KeysErrorCode, message: string, options: KeysErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const mapping = KEYS_ERROR_CODES[code];
    this.code = code;
    this.status = mapping.status;
    this.bse = mapping.bse;
    this.type = mapping.type;
    this.retryable = mapping.retryable;
    this.issues = options.issues ?? [];
  }

  /** The field of the first issue, for `error.details.field` in HTTP answers. */
  get field(): string | undefined {
    return this.issues[0]?.field;
  }
}

/**
 * True for any `KeysError`, even one thrown by another copy of this package (a duplicated
 * dependency), where `instanceof` alone would say no.
 */
export function isKeysError(error: unknown): error is KeysError {
  if (error instanceof KeysError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'KeysError' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    // Own keys only: `in` would also accept inherited names such as `toString`.
    Object.hasOwn(KEYS_ERROR_CODES, (error as { code: string }).code)
  );
}
