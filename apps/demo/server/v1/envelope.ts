/**
 * The BabySea API's response envelopes (PRODUCT.md §9, BabySea's SDK types): every success
 * carries `status`, `request_id`, `message`, `timestamp` and `data`, and a page of a list adds
 * `total`, `limit` and `offset` beside `data`; a refusal is `{ status, request_id, error }`,
 * the same shape as the verifier's.
 */

import { randomId } from '@babysea/keys-core';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `${kind}_` + 24 base62 characters, for prediction ids (rare). Request ids, minted on every
 * answer, come from keys-core's pooled `randomId('req')`: one `getRandomValues` call per
 * request cost more than the rest of the handler.
 */
export function demoId(kind: string): string {
  let out = `${kind}_`;
  while (out.length < kind.length + 25) {
    // 248 = 4 × 62: dropping bytes ≥ 248 keeps the alphabet unbiased.
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < 248 && out.length < kind.length + 25) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A successful answer: BabySea's `ApiResponse<T>`. */
export interface SuccessEnvelope<T> {
  status: 'success';
  request_id: string;
  message: string;
  timestamp: string;
  data: T;
}

/** A page of a list: BabySea's `PaginatedResponse<T>`, paging fields beside `data`. */
export interface PaginatedEnvelope<T> extends SuccessEnvelope<T> {
  total: number;
  limit: number;
  offset: number;
}

/**
 * A refusal of the stand-in itself (not of the verifier): BabySea's `ApiErrorBody`, the same
 * shape as keys-core's refusals.
 */
export interface ErrorEnvelope {
  status: 'error';
  request_id: string;
  error: {
    code: string;
    type: string;
    message: string;
    retryable: boolean;
    details?: Record<string, unknown>;
  };
}

/** Wraps `data` in the success envelope, stamped with the demo's clock. */
export function success<T>(now: number, message: string, data: T): SuccessEnvelope<T> {
  return {
    status: 'success',
    request_id: randomId('req'),
    message,
    timestamp: new Date(now).toISOString(),
    data,
  };
}

/** A page of a list: `total`, `limit` and `offset` beside `data`, as BabySea sends them. */
export function paginated<T>(
  now: number,
  message: string,
  data: T,
  page: { total: number; limit: number; offset: number },
): PaginatedEnvelope<T> {
  return { ...success(now, message, data), ...page };
}

/** The error envelope for an answer of the stand-in (e.g. an unknown generation id). */
export function failure(
  spec: { code: string; type: string; retryable: boolean },
  message: string,
  details?: Record<string, unknown>,
): ErrorEnvelope {
  return {
    status: 'error',
    request_id: randomId('req'),
    error: {
      code: spec.code,
      type: spec.type,
      message,
      retryable: spec.retryable,
      ...(details ? { details } : {}),
    },
  };
}
