/**
 * Steps 3–6 of the verifier (see verifier.ts for the whole list), run on a key's cache entry
 * whether it came from the cache or from a storage read just now: one code path, so a cached
 * key can never skip a check.
 *
 * Every outcome for an identified key is counted and logged, refusals of dead keys included:
 * their owner then sees which clients still call with a revoked or rotated key.
 */
import { parseClientIp } from '../allowlist/index.js';
import { admitLimited, type LimitGate } from '../limits/gate-step.js';
import type { Policy } from '../policy/index.js';
import type { CachedKey } from './key-cache.js';
import type { LastUsedWriter } from './last-used.js';
import {
  authenticationFailed,
  insufficientScope,
  ipNotAllowed,
  unknownRoute,
  type VerifyFailure,
  type VerifyInput,
  type VerifyResult,
  type VerifySuccess,
} from './results.js';
import { createRouteMemo } from './route-memo.js';
import { settledSuccess, successOf } from './success-memo.js';
import { blankUsageEvent, outcomeOf } from './usage-event.js';
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
  // One event, filled per request and copied by the writer: accounting allocates nothing.
  const event = blankUsageEvent();

  /** Counts and logs one request of an identified key. */
  function account(
    entry: CachedKey,
    input: VerifyInput,
    clientIp: string | null | undefined,
    now: number,
    failure: VerifyFailure | null,
  ): void {
    event.at = now;
    event.keyId = entry.verified.id;
    event.accountId = entry.verified.accountId;
    event.method = input.method;
    event.path = input.path;
    event.query = input.query;
    event.ip = clientIp;
    event.userAgent = input.userAgent;
    if (failure === null) {
      event.status = 200;
      event.code = null;
      event.outcome = 'success';
    } else {
      event.status = failure.status;
      event.code = failure.code;
      event.outcome = outcomeOf(failure);
    }
    usage.record(event);
  }

  function refuse(
    entry: CachedKey,
    input: VerifyInput,
    clientIp: string | null | undefined,
    now: number,
    failure: VerifyFailure,
  ): VerifyFailure {
    account(entry, input, clientIp, now, failure);
    return failure;
  }

  /**
   * Steps 3–6 in order: the refusal, or the scope the route needed when all passed (`null`
   * when the binding asked to authenticate only).
   */
  function run(entry: CachedKey, input: VerifyInput, now: number): VerifyFailure | string | null {
    // The client, as the HTTP layer resolved it (trusted proxies are its concern alone).
    const clientIp = input.ip;
    // 3. Lifecycle, from the entry and the clock (never from a cached verdict).
    if (entry.revoked || now >= entry.deadAt) {
      const { id, expiresAt } = entry.verified;
      const reason = entry.revoked
        ? 'revoked'
        : expiresAt !== null && now >= expiresAt
          ? 'expired'
          : 'rotated_past_grace';
      return refuse(entry, input, clientIp, now, authenticationFailed(reason, id));
    }
    // 4. IP allowlist; an address that cannot be read fails closed.
    if (entry.allowlist !== null) {
      const ip = clientIp ? parseClientIp(clientIp) : null;
      if (ip === null || !entry.allowlist.matches(ip)) {
        const reason = ip === null ? 'invalid_client_ip' : 'ip_not_allowed';
        return refuse(entry, input, clientIp, now, ipNotAllowed(reason, entry.verified.id));
      }
    }
    // 5. Route and scope: the scope the binding named (`null`: authenticate only), else the
    // route table's; a route outside the table (or with a dot segment) is refused, never
    // guessed. The route is remembered per request line. The scope is checked here, first
    // against the scope of the key's last success (scopes never change), which holds for a
    // key calling one route, else against the key's list.
    let scope: string | null;
    if (input.scope === undefined) {
      const route = routeOf(input.method, input.path);
      if (route === null) {
        return refuse(entry, input, clientIp, now, unknownRoute(entry.verified.id));
      }
      scope = route.rule.scope;
    } else {
      scope = input.scope;
    }
    const last = entry.last;
    if (
      scope !== null &&
      (last === null || last.result.scope !== scope) &&
      !entry.verified.scopes.includes(scope)
    ) {
      return refuse(entry, input, clientIp, now, insufficientScope(scope, entry.verified.id));
    }
    // 6. Pass (after the limits, when there are any: they count their own refusals).
    if (gate === null) pass(entry, input, now);
    return scope;
  }

  /** Step 6: stamp last used, count and log; the caller answers with the key. */
  function pass(entry: CachedKey, input: VerifyInput, now: number): void {
    lastUsed.record(entry.verified.id, now);
    account(entry, input, input.ip, now, null);
  }

  /** The limits' verdict on a request that passed steps 3-5, then step 6 or its refusal. */
  function limited(
    entry: CachedKey,
    input: VerifyInput,
    now: number,
    success: VerifySuccess,
  ): VerifyResult | Promise<VerifyResult> {
    return admitLimited(gate as LimitGate, entry.verified, now, success, {
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
