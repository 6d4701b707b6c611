/**
 * The one record a verification hands to usage accounting: what happened to one request of an
 * identified key. The usage-log writer copies its fields into its buffer and the counters
 * count it, so the caller may fill one object and reuse it for the next request (the verifier
 * does: a request then allocates nothing for its accounting).
 */
import type { UsageOutcome } from '../types.js';
import type { VerifyFailure, VerifyFailureReason } from './results.js';

export interface UsageEvent {
  /** When (clock ms). */
  at: number;
  keyId: string;
  accountId: string;
  method: string;
  /** The path without its query. */
  path: string;
  /** The raw query (sanitized when the row is built), if any. */
  query: string | undefined;
  /** HTTP status answered. */
  status: number;
  /** The BSE code of a refusal; `null` on success. */
  code: string | null;
  outcome: UsageOutcome;
  /** The client address as resolved (hashed when the row is built, never stored raw). */
  ip: string | null | undefined;
  userAgent: string | null | undefined;
}

/** A blank event, for a caller that fills and reuses one. */
export function blankUsageEvent(): UsageEvent {
  return {
    at: 0,
    keyId: '',
    accountId: '',
    method: '',
    path: '',
    query: undefined,
    status: 0,
    code: null,
    outcome: 'success',
    ip: undefined,
    userAgent: undefined,
  };
}

const OUTCOME_OF_REASON: Partial<Record<VerifyFailureReason | string, UsageOutcome>> = {
  revoked: 'dead_key',
  expired: 'dead_key',
  rotated_past_grace: 'dead_key',
  ip_not_allowed: 'ip',
  invalid_client_ip: 'ip',
  insufficient_scope: 'scope',
  // Limiters (issue 12) refuse with these reasons.
  rate_limited: 'rate_limit',
  concurrency_limited: 'rate_limit',
};

/** How the usage counters group a refusal of an identified key (by its reason, not its code). */
export function outcomeOf(failure: Pick<VerifyFailure, 'reason'>): UsageOutcome {
  return OUTCOME_OF_REASON[failure.reason] ?? 'other';
}
