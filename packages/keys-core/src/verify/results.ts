/**
 * The verifier's public types and its refusals as data (PRODUCT.md §5). Refusals that do not
 * name a key are shared frozen objects, so a flood of bad requests allocates nothing.
 */
import { KEYS_ERROR_CODES, type KeysErrorCode } from '../errors/keys-error.js';
import type { RateLimitInfo } from '../limits/limits.js';

/** One request to check, as the HTTP bindings (or any caller) read it. */
export interface VerifyInput {
  /** The raw `Authorization` header value. */
  authorization: string | null | undefined;
  /**
   * The client's address, full stop: the engine never reads forwarding headers. The HTTP
   * bindings resolve it (the socket's peer by default; `getClientIp` with `trustProxies` behind
   * a proxy). `null` when unknown: keys with an allowlist are then refused (fail closed).
   */
  ip: string | null | undefined;
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** The path without the query string, e.g. `/v1/content/list`. */
  path: string;
  /** The query string without `?`; logged with sensitive values redacted. */
  query?: string;
  /** The `User-Agent` header, logged (capped). */
  userAgent?: string | null;
  /**
   * The scope this request needs, when the caller knows it (a binding's `scope` option): the
   * route table is then not consulted. `null`: authenticate only (any live key from an
   * allowed IP passes; the handler reads `key.scopes`). @default the route table decides
   */
  scope?: string | null;
}

/** The key a successful verification hands to the handler. Shared and frozen: read-only. */
export interface VerifiedKey {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly string[];
  /** A `Rotated` key authenticates until its grace ends. */
  readonly status: 'Active' | 'Rotated';
  readonly createdAt: number;
  readonly expiresAt: number | null;
  /** As of the verifier's last storage read (last-used writes are coalesced). */
  readonly lastUsedAt: number | null;
}

/**
 * The exact cause of a refusal, for logs and `onDenied`. Callers of the API only ever see the
 * BSE code: every BSE1002 cause answers the same.
 */
export type VerifyFailureReason =
  | 'missing_header'
  | 'invalid_scheme'
  | 'missing_token'
  | 'malformed'
  | 'checksum'
  | 'unknown_key'
  | 'revoked'
  | 'expired'
  | 'rotated_past_grace'
  | 'ip_not_allowed'
  | 'invalid_client_ip'
  | 'unknown_route'
  | 'insufficient_scope'
  | 'storage_unavailable'
  | 'rate_limited'
  | 'auth_rate_limited'
  | 'concurrency_limited'
  | 'limiter_unavailable';

/** A refusal: what to answer (status, BSE code, type, message) and why (reason). */
export interface VerifyFailure {
  readonly ok: false;
  readonly status: number;
  /** BSE code, e.g. `BSE1002`. */
  readonly code: string;
  readonly type: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly reason: VerifyFailureReason;
  /** The key's id when the key was identified (IP, route or scope refusal, dead key). */
  readonly keyId?: string;
  /** `X-RateLimit-*` values, when limits are on (`createKeys({ limits })`). */
  readonly rateLimit?: RateLimitInfo;
  /** On a 429 (and the limiter's 503): seconds to wait, sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
}

/** A success: the key and the scope the route needed (`null`: authenticate only). */
export interface VerifySuccess {
  readonly ok: true;
  readonly key: VerifiedKey;
  readonly scope: string | null;
  /** `X-RateLimit-*` values, when a rate limit applies (`createKeys({ limits })`). */
  readonly rateLimit?: RateLimitInfo;
  /**
   * With a concurrency limit: frees this request's slot. Every binding calls it when the
   * handler finishes or throws; call it yourself (in `finally`) when you use `verify`
   * directly. Idempotent.
   */
  readonly release?: () => void;
}

/** The outcome of one verification: data, never an exception. */
export type VerifyResult = VerifySuccess | VerifyFailure;

const MESSAGES = {
  AUTHENTICATION_REQUIRED: 'Missing API key: send it as "Authorization: Bearer <key>"',
  // `bearer xyz`, `Basic …`, `Token …`: a key may well be there, so "missing" would mislead.
  INVALID_SCHEME: 'Wrong authorization scheme. Use "Authorization: Bearer <key>"',
  AUTHENTICATION_FAILED: 'Invalid API key',
  IP_NOT_ALLOWED: 'This API key may not be used from this IP address',
  UNKNOWN_ROUTE: 'Route not found',
  STORAGE_UNAVAILABLE: 'API keys cannot be checked right now; retry shortly',
} as const;

function failure(
  code: KeysErrorCode,
  reason: VerifyFailureReason,
  message: string,
  keyId?: string,
): VerifyFailure {
  const m = KEYS_ERROR_CODES[code];
  const result: VerifyFailure = {
    ok: false,
    status: m.status,
    code: m.bse,
    type: m.type,
    message,
    retryable: m.retryable,
    reason,
    ...(keyId === undefined ? {} : { keyId }),
  };
  return Object.freeze(result);
}

/** 401 BSE1001: no credentials presented. */
export function authenticationRequired(reason: VerifyFailureReason): VerifyFailure {
  return (
    SHARED[reason] ?? failure('AUTHENTICATION_REQUIRED', reason, MESSAGES.AUTHENTICATION_REQUIRED)
  );
}

/** 401 BSE1002 with one message for every cause, so that a caller learns nothing. */
export function authenticationFailed(reason: VerifyFailureReason, keyId?: string): VerifyFailure {
  if (keyId === undefined) {
    const shared = SHARED[reason];
    if (shared) return shared;
  }
  return failure('AUTHENTICATION_FAILED', reason, MESSAGES.AUTHENTICATION_FAILED, keyId);
}

/** 403 BSE1007: the client IP is outside the key's allowlist (or could not be read). */
export function ipNotAllowed(
  reason: 'ip_not_allowed' | 'invalid_client_ip',
  keyId: string,
): VerifyFailure {
  return failure('IP_NOT_ALLOWED', reason, MESSAGES.IP_NOT_ALLOWED, keyId);
}

/** 404 BSE9001: the route is not in the route table, so no key may call it. */
export function unknownRoute(keyId: string): VerifyFailure {
  return failure('UNKNOWN_ROUTE', 'unknown_route', MESSAGES.UNKNOWN_ROUTE, keyId);
}

/** 403 BSE1003: the key lacks the route's scope (named: the route table is public). */
export function insufficientScope(scope: string, keyId: string): VerifyFailure {
  return failure(
    'INSUFFICIENT_PERMISSIONS',
    'insufficient_scope',
    `This API key lacks the "${scope}" scope this route requires`,
    keyId,
  );
}

/** 503 BSE9002, retryable: storage failed, so the request is refused (fail closed). */
export const STORAGE_UNAVAILABLE: VerifyFailure = failure(
  'STORAGE_UNAVAILABLE',
  'storage_unavailable',
  MESSAGES.STORAGE_UNAVAILABLE,
);

const SHARED: Partial<Record<VerifyFailureReason, VerifyFailure>> = {
  missing_header: failure(
    'AUTHENTICATION_REQUIRED',
    'missing_header',
    MESSAGES.AUTHENTICATION_REQUIRED,
  ),
  invalid_scheme: failure('AUTHENTICATION_REQUIRED', 'invalid_scheme', MESSAGES.INVALID_SCHEME),
  missing_token: failure(
    'AUTHENTICATION_REQUIRED',
    'missing_token',
    MESSAGES.AUTHENTICATION_REQUIRED,
  ),
  malformed: failure('AUTHENTICATION_FAILED', 'malformed', MESSAGES.AUTHENTICATION_FAILED),
  checksum: failure('AUTHENTICATION_FAILED', 'checksum', MESSAGES.AUTHENTICATION_FAILED),
  unknown_key: failure('AUTHENTICATION_FAILED', 'unknown_key', MESSAGES.AUTHENTICATION_FAILED),
};
