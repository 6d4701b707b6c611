/**
 * Steps 3–6 of PRODUCT.md §5, run on a key record whether it came from the cache or from
 * storage (one code path, so a cached record can never skip a check):
 *
 *   3. lifecycle from the record and the clock: revoked, expired, past grace → 401 BSE1002
 *   4. IP allowlist, if the key has one (unreadable client IP fails closed) → 403 BSE1007
 *   5. route in the table → else 404 BSE9001; the route's scope → else 403 BSE1003
 *   6. pass: stamp last-used, log, answer with the key
 *
 * Every outcome for an identified key is logged, refusals of dead keys included: their owner
 * then sees which clients still call with a revoked or rotated key.
 */
import { parseClientIp } from '../allowlist/index.js';
import { admitLimited, type LimitGate } from '../limits/gate-step.js';
import type { Policy } from '../policy/index.js';
import { type CachedKey, settledSuccess, successOf } from './key-cache.js';
import type { LastUsedWriter } from './last-used.js';
import {
  authenticationFailed,
  insufficientScope,
  ipNotAllowed,
  unknownRoute,
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyInput,
  type VerifyResult,
  type VerifySuccess,
} from './results.js';
import { createRouteMemo } from './route-memo.js';
import type { UsageLogWriter } from './usage-log.js';

export interface ChecksDeps {
  policy: Pick<Policy, 'matchRoute'>;
  usage: UsageLogWriter;
  lastUsed: LastUsedWriter;
  /** Rate and concurrency limits, run between steps 5 and 6 (limits/limits.ts). */
  gate?: LimitGate | null;
}

/**
 * Steps 3–6 over one cached entry at time `now`, synchronous. `check` answers with the
 * result; `answer` with it as a settled promise, the one a cache hit hands back: a success
 * then allocates nothing, not even its promise (one frozen promise per key and scope).
 */
export interface Checks {
  check(entry: CachedKey, input: VerifyInput, now: number): VerifyResult | Promise<VerifyResult>;
  answer(entry: CachedKey, input: VerifyInput, now: number): Promise<VerifyResult>;
}

function isFailure(outcome: VerifyFailure | string | null): outcome is VerifyFailure {
  return outcome !== null && typeof outcome === 'object';
}

export function createChecks({ policy, usage, lastUsed, gate = null }: ChecksDeps): Checks {
  // Path reading and route matching, remembered per request line (bounded; see route-memo).
  const routeOf = createRouteMemo(policy.matchRoute);

  /** Appends the usage-log row of an identified key (raw facts; built later, off-path). */
  function log(
    entry: CachedKey,
    input: VerifyInput,
    clientIp: string | null | undefined,
    now: number,
    status: number,
    errorCode: string | null,
  ): void {
    usage.record(
      now,
      entry.record.id,
      entry.record.accountId,
      input.method,
      input.path,
      input.query,
      status,
      errorCode,
      clientIp,
      input.userAgent,
    );
  }

  function refuse(
    entry: CachedKey,
    input: VerifyInput,
    clientIp: string | null | undefined,
    now: number,
    failure: VerifyFailure,
  ): VerifyFailure {
    log(entry, input, clientIp, now, failure.status, failure.code);
    return failure;
  }

  /**
   * Every check, in order: the refusal, or the scope the route needed when all passed (`null`
   * when the binding asked to authenticate only).
   */
  function run(entry: CachedKey, input: VerifyInput, now: number): VerifyFailure | string | null {
    const key = entry.record;
    // The client, as the HTTP layer resolved it (trusted proxies are its concern alone).
    const clientIp = input.ip;
    // 3. Lifecycle, from the record and the clock (never from a cached verdict).
    let dead: VerifyFailureReason | null = null;
    if (key.revokedAt !== null) dead = 'revoked';
    else if (key.expiresAt !== null && now >= key.expiresAt) dead = 'expired';
    else if (key.graceEndsAt !== null && now >= key.graceEndsAt) dead = 'rotated_past_grace';
    if (dead !== null) {
      return refuse(entry, input, clientIp, now, authenticationFailed(dead, key.id));
    }
    // 4. IP allowlist; an address that cannot be read fails closed.
    if (entry.allowlist !== null) {
      const ip = clientIp ? parseClientIp(clientIp) : null;
      if (ip === null) {
        return refuse(entry, input, clientIp, now, ipNotAllowed('invalid_client_ip', key.id));
      }
      if (!entry.allowlist.matches(ip)) {
        return refuse(entry, input, clientIp, now, ipNotAllowed('ip_not_allowed', key.id));
      }
    }
    // 5. Route and scope: the scope the binding named (`null`: authenticate only), else the
    // route table's; a route outside the table (or with a dot segment) is refused, never
    // guessed. The route is remembered per request line; the scope is checked here.
    let scope: string | null;
    if (input.scope === undefined) {
      const route = routeOf(input.method, input.path);
      if (route === null) return refuse(entry, input, clientIp, now, unknownRoute(key.id));
      scope = route.rule.scope;
    } else {
      scope = input.scope;
    }
    if (scope !== null && !key.scopes.includes(scope)) {
      return refuse(entry, input, clientIp, now, insufficientScope(scope, key.id));
    }
    // 6. Pass (after the limits, when there are any: they log their own refusals).
    if (gate === null) pass(entry, input, now);
    return scope;
  }

  function pass(entry: CachedKey, input: VerifyInput, now: number): void {
    lastUsed.record(entry.record.id, now);
    log(entry, input, input.ip, now, 200, null);
  }

  /** The limits' verdict on a request that passed steps 3-5, then step 6 or its refusal. */
  function limited(
    entry: CachedKey,
    input: VerifyInput,
    now: number,
    success: VerifySuccess,
  ): VerifyResult | Promise<VerifyResult> {
    return admitLimited(gate as LimitGate, entry.record, now, success, {
      pass: () => pass(entry, input, now),
      refuse: (failure) => refuse(entry, input, input.ip, now, failure),
    });
  }

  return {
    check(entry, input, now) {
      const outcome = run(entry, input, now);
      if (isFailure(outcome)) return outcome;
      const success = successOf(entry, outcome).result;
      return gate === null ? success : limited(entry, input, now, success);
    },
    answer(entry, input, now) {
      const outcome = run(entry, input, now);
      if (isFailure(outcome)) return Promise.resolve(outcome);
      if (gate !== null) {
        return Promise.resolve(limited(entry, input, now, successOf(entry, outcome).result));
      }
      // The key's last answer, when it is for this scope (the common case), read inline.
      const last = entry.last;
      if (last !== null && last.settled !== null && last.result.scope === outcome) {
        return last.settled;
      }
      return settledSuccess(successOf(entry, outcome));
    },
  };
}
