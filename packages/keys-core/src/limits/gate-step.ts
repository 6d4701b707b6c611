/**
 * The verifier's step between the scope check and the pass: the limits' gate, synchronous
 * when the store is (memory), else a promise. Kept out of verify/ so that the pipeline holds
 * only a one-line hook.
 */

import type { VerifyFailure, VerifyResult, VerifySuccess } from '../verify/results.js';
import type { LimitedKey, LimitGate, LimitGrant } from './limits.js';

export type { LimitGate } from './limits.js';

/** What the pipeline does with the verdict: log a pass, or log and return a refusal. */
export interface GateActions {
  pass(): void;
  refuse(failure: VerifyFailure): VerifyFailure;
}

function isFailure(value: VerifyFailure | LimitGrant): value is VerifyFailure {
  return (value as VerifyFailure).ok === false;
}

function settle(
  verdict: VerifyFailure | LimitGrant,
  success: VerifySuccess,
  actions: GateActions,
): VerifyResult {
  if (isFailure(verdict)) return actions.refuse(verdict);
  actions.pass();
  if (verdict.rateLimit === null && verdict.release === null) return success;
  return {
    ok: true,
    key: success.key,
    scope: success.scope,
    ...(verdict.rateLimit !== null && { rateLimit: verdict.rateLimit }),
    ...(verdict.release !== null && { release: verdict.release }),
  };
}

/** Runs the gate on a key that passed steps 3-5 and settles step 6 accordingly. */
export function admitLimited(
  gate: LimitGate,
  key: LimitedKey,
  now: number,
  success: VerifySuccess,
  actions: GateActions,
): VerifyResult | Promise<VerifyResult> {
  const verdict = gate(key, now);
  if (typeof (verdict as { then?: unknown }).then === 'function') {
    return (verdict as Promise<VerifyFailure | LimitGrant>).then((v) =>
      settle(v, success, actions),
    );
  }
  return settle(verdict as VerifyFailure | LimitGrant, success, actions);
}
