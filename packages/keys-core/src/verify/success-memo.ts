/**
 * The success memo: one frozen success answer per key and scope (`null`: authenticate only), and one settled promise of
 * it, kept on the key's cache entry. An admitted request on a cached key then allocates
 * nothing, not even the promise `verify` returns. A key mostly calls one route, so the answer
 * handed out last is checked first; the others sit in a short list (a key has few scopes).
 */
import type { VerifiedKey, VerifySuccess } from './results.js';

/** A success answer and its settled promise, built once per key and scope. */
export interface Success {
  readonly result: VerifySuccess;
  /** Built on the first cache hit that needs it (a storage read answers from an async path). */
  settled: Promise<VerifySuccess> | null;
}

/** Where a key's successes are kept: its cache entry. */
export interface SuccessHolder {
  readonly verified: VerifiedKey;
  /** The success handed out last, checked before `successes`. */
  last: Success | null;
  /** Every success built for this key, one per scope. */
  successes: Success[] | null;
}

/** The success of `holder`'s key for `scope`, built on first use and then reused. */
export function successOf(holder: SuccessHolder, scope: string | null): Success {
  const last = holder.last;
  if (last !== null && last.result.scope === scope) return last;
  let success = holder.successes?.find((s) => s.result.scope === scope);
  if (success === undefined) {
    const result: VerifySuccess = Object.freeze({ ok: true as const, key: holder.verified, scope });
    success = { result, settled: null };
    if (holder.successes === null) holder.successes = [success];
    else holder.successes.push(success);
  }
  holder.last = success;
  return success;
}

/**
 * The settled promise of a success, as a cache hit returns it. Frozen: every caller gets the
 * same one, so none may tag it for the others.
 */
export function settledSuccess(success: Success): Promise<VerifySuccess> {
  if (success.settled === null) success.settled = Object.freeze(Promise.resolve(success.result));
  return success.settled;
}
