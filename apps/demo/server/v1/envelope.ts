/**
 * The BabySea API's response envelope (PRODUCT.md §9): every answer of the stand-in carries
 * `status`, `request_id`, `message`, `timestamp` and `data`; errors carry `error` instead, in
 * the same shape as the verifier's refusals.
 */

import { randomId } from '@babysea/keys-core';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `${kind}_` + 24 base62 characters, for generation ids (rare). Request ids, minted on every
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

/** A successful answer. */
export interface SuccessEnvelope<T> {
  status: 'success';
  request_id: string;
  message: string;
  timestamp: string;
  data: T;
}

/** A refusal or failure of the stand-in itself (not of the verifier). */
export interface ErrorEnvelope {
  status: 'error';
  request_id: string;
  message: string;
  timestamp: string;
  error: { code: string; type: string; message: string; retryable: boolean };
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

/** The error envelope for an answer of the stand-in (e.g. an unknown generation id). */
export function failure(
  now: number,
  code: string,
  type: string,
  message: string,
  retryable = false,
): ErrorEnvelope {
  return {
    status: 'error',
    request_id: randomId('req'),
    message,
    timestamp: new Date(now).toISOString(),
    error: { code, type, message, retryable },
  };
}
