/**
 * The stand-in API's own refusals, each with the number, type and HTTP status BabySea gives it
 * (PRODUCT.md §5.1, BabySea's SDK README). A `BSE` number here never means anything other than
 * it does in BabySea's catalogue; the one case BabySea has no number for (cancelling a finished
 * generation) takes keys-core's `CONFLICT`, so the kit's numbering lives in one table.
 */
import { KEYS_ERROR_CODES } from '@babysea/keys-core';

/** One kind of refusal: the HTTP status and the `error` fields of the body. */
export interface V1ErrorSpec {
  status: 400 | 402 | 404 | 409 | 413 | 422;
  code: string;
  type: string;
  retryable: boolean;
}

const { CONFLICT } = KEYS_ERROR_CODES;

/** Every refusal the `/v1` handlers give themselves (the verifier's are keys-core's). */
export const V1_ERRORS = {
  /** A malformed body, query or header; an unknown model or field. */
  INVALID_INPUT: { status: 400, code: 'BSE2001', type: 'invalid_input', retryable: false },
  /** A value the model's schema does not accept (duration, resolution, count…). */
  OUT_OF_RANGE: { status: 422, code: 'BSE2008', type: 'parameter_out_of_range', retryable: false },
  /** A body over {@link MAX_BODY_BYTES}. */
  PAYLOAD_TOO_LARGE: { status: 413, code: 'BSE2010', type: 'payload_too_large', retryable: false },
  /** The generation would cost more than the account's credit balance. */
  INSUFFICIENT_CREDITS: {
    status: 402,
    code: 'BSE1004',
    type: 'insufficient_credits',
    retryable: false,
  },
  /** No generation with this id in the caller's account. */
  GENERATION_NOT_FOUND: {
    status: 404,
    code: 'BSE4001',
    type: 'generation_not_found',
    retryable: false,
  },
  /**
   * The Idempotency-Key was used with another request. BabySea documents the number, not the
   * status or type: 422 as the IETF Idempotency-Key draft says for a reused key (chosen).
   */
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    code: 'BSE2015',
    type: 'idempotency_key_reused',
    retryable: false,
  },
  /**
   * The first request with this Idempotency-Key is still being handled: 409 as the IETF draft
   * says, retryable because the same request will replay once the first one has answered.
   */
  IDEMPOTENCY_KEY_IN_PROGRESS: {
    status: 409,
    code: 'BSE2016',
    type: 'idempotency_key_in_progress',
    retryable: true,
  },
  /** Cancelling a generation that already finished. */
  NOT_CANCELABLE: {
    status: CONFLICT.status,
    code: CONFLICT.bse,
    type: CONFLICT.type,
    retryable: CONFLICT.retryable,
  },
} as const satisfies Record<string, V1ErrorSpec>;

/** BabySea's body limit: 100 KB, counted as 102,400 bytes. */
export const MAX_BODY_BYTES = 100 * 1024;
