/**
 * `verify` is documented never to reject or throw, and is called from JavaScript too: a
 * request built by hand or by a framework that hands over a header list or a number must be
 * refused like any other, not crash the caller. The hot path pays a few `typeof` checks; only
 * an ill-typed input is copied into the shape the pipeline expects.
 */
import type { VerifyInput } from './results.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** True when every field the pipeline reads as a string is one (or absent, where allowed). */
export function isWellTyped(input: VerifyInput): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof input.path === 'string' &&
    typeof input.method === 'string' &&
    (input.ip == null || typeof input.ip === 'string') &&
    (input.userAgent == null || typeof input.userAgent === 'string') &&
    (input.query === undefined || typeof input.query === 'string') &&
    (input.scope == null || typeof input.scope === 'string')
  );
}

/**
 * A copy of an ill-typed input in which every non-string field is absent: a non-string
 * `authorization` is a missing header (401 BSE1001), a non-string path matches no route.
 */
export function coerceInput(input: unknown): VerifyInput {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const query = text(raw.query);
  return {
    authorization: text(raw.authorization),
    ip: text(raw.ip),
    method: text(raw.method) ?? '',
    path: text(raw.path) ?? '',
    ...(query !== undefined && { query }),
    userAgent: text(raw.userAgent),
    // A scope that is not text is dropped: the route table then decides (never "any scope").
    ...(raw.scope === null && { scope: null }),
  };
}
