/**
 * The JSON envelope of every answer (PRODUCT.md §5 and §9), built as plain data
 * (`{ status, headers, body }`) so that the fetch guard, the management handler and the
 * Express and Fastify bindings all send exactly the same bytes.
 */

import { isKeysError, KEYS_ERROR_CODES } from '../errors/keys-error.js';
import type { RateLimitInfo } from '../limits/limits.js';
import { randomId } from '../secret/random.js';
import type { VerifyFailure } from '../verify/results.js';
import type { ErrorPayload } from './wire.js';

export type { ErrorPayload } from './wire.js';

/** Seconds a client should wait before retrying a 503 (storage unavailable). */
export const RETRY_AFTER_SECONDS = 5;

/** An answer ready to send with any framework. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or `null` for a bodiless answer (204). */
  body: string | null;
}

/**
 * `X-RateLimit-Limit`, `-Remaining` and `-Reset` (Unix seconds) of a verification, when
 * limits are on; every binding puts them on the guarded response, success or refusal.
 */
export function rateLimitHeaders(
  result: { rateLimit?: RateLimitInfo | undefined } | null | undefined,
): Record<string, string> {
  const info = result?.rateLimit;
  if (info === undefined) return {};
  return {
    'x-ratelimit-limit': String(info.limit),
    'x-ratelimit-remaining': String(info.remaining),
    'x-ratelimit-reset': String(info.reset),
  };
}

/** A fresh request id: `req_` + 24 base62 characters. */
export function newRequestId(): string {
  return randomId('req');
}

function baseHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-request-id': requestId,
  };
}

/** `{ status: 'success', request_id, data }` with `Cache-Control: no-store`. */
export function successAnswer(status: number, data: unknown, requestId: string): HttpAnswer {
  if (status === 204) {
    return {
      status,
      headers: { 'cache-control': 'no-store', 'x-request-id': requestId },
      body: null,
    };
  }
  return {
    status,
    headers: baseHeaders(requestId),
    body: JSON.stringify({ status: 'success', request_id: requestId, data }),
  };
}

/** `{ status: 'error', request_id, error }`. */
export function errorAnswer(
  status: number,
  error: ErrorPayload,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): HttpAnswer {
  const headers = baseHeaders(requestId);
  for (const name in extraHeaders) headers[name] = extraHeaders[name] as string;
  if (error.retryable && status === 503 && headers['retry-after'] === undefined) {
    headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  }
  return {
    status,
    headers,
    body: JSON.stringify({ status: 'error', request_id: requestId, error }),
  };
}

/**
 * The answer to a refused verification. The body is the same for every cause of a code (the
 * `reason` is never sent); 401s carry `WWW-Authenticate: Bearer` (RFC 6750 §3: no error
 * attribute when no credentials came, `error="invalid_token"` when a bad one did), a scope
 * refusal `error="insufficient_scope"`, and a 503 `Retry-After`.
 */
export function denialAnswer(failure: VerifyFailure, requestId: string): HttpAnswer {
  const extra: Record<string, string> = rateLimitHeaders(failure);
  const payload: ErrorPayload = {
    code: failure.code,
    type: failure.type,
    message: failure.message,
    retryable: failure.retryable,
  };
  if (failure.retryAfterSeconds !== undefined) {
    // BabySea's 429: `Retry-After` plus `error.details = { retry_after_seconds, limit }`.
    extra['retry-after'] = String(failure.retryAfterSeconds);
    payload.details = { retry_after_seconds: failure.retryAfterSeconds };
    if (failure.status === 429 && failure.rateLimit !== undefined) {
      payload.details.limit = failure.rateLimit.limit;
    }
  }
  if (failure.status === 401) {
    extra['www-authenticate'] =
      failure.code === KEYS_ERROR_CODES.AUTHENTICATION_REQUIRED.bse
        ? 'Bearer'
        : 'Bearer error="invalid_token"';
  } else if (failure.code === KEYS_ERROR_CODES.INSUFFICIENT_PERMISSIONS.bse) {
    extra['www-authenticate'] = 'Bearer error="insufficient_scope"';
  }
  return errorAnswer(failure.status, payload, requestId, extra);
}

/**
 * The answer to an error thrown by the engine: a `KeysError` keeps its status, BSE code and
 * message (plus `details` for input errors); anything else is a 500 with a generic message,
 * so that a driver's message (table names, hosts) never reaches a client.
 */
export function thrownAnswer(error: unknown, requestId: string): HttpAnswer {
  if (isKeysError(error)) {
    const payload: ErrorPayload = {
      code: error.bse,
      type: error.type,
      message: error.message,
      retryable: error.retryable,
    };
    if (error.issues.length > 0) {
      payload.details = { field: error.issues[0]?.field, issues: error.issues };
    }
    return errorAnswer(error.status, payload, requestId);
  }
  const internal = KEYS_ERROR_CODES.INTERNAL;
  return errorAnswer(
    internal.status,
    { code: internal.bse, type: internal.type, message: 'Internal error', retryable: false },
    requestId,
  );
}

/** A fetch `Response` from an answer. */
export function toResponse(answer: HttpAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
