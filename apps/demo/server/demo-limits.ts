/**
 * The limits `pnpm start` puts on the demo's `/v1` (keys-core's `createKeys({ limits })`), and
 * the sentence the dashboard states them in. No imports: the dashboard bundles this file too.
 */

/** A count per window. */
export interface DemoRate {
  limit: number;
  windowMs: number;
}

/** The demo's limits, as the server enforces them and `GET /api/demo/limits` reports them. */
export interface DemoLimits {
  /** Requests per window per account, shared by all its keys (429 BSE1005). */
  rate: DemoRate | null;
  /** Requests of one account in flight at once (429 BSE1009). */
  concurrency: number | null;
  /** Failed key checks per window per client network, before 429 BSE1006. */
  authFailures: DemoRate | null;
}

/** What `pnpm start` enforces: BabySea's documented example (60 a minute) and small caps. */
export const DEMO_LIMITS: DemoLimits = {
  rate: { limit: 60, windowMs: 60_000 },
  concurrency: 10,
  authFailures: { limit: 20, windowMs: 60_000 },
};

const per = (windowMs: number) =>
  windowMs === 60_000 ? 'a minute' : windowMs === 1_000 ? 'a second' : `per ${windowMs / 1000} s`;

/** The limits in one sentence, e.g. for the dashboard: "60 requests a minute per account, …". */
export function describeLimits(limits: DemoLimits): string {
  const parts = [
    limits.rate && `${limits.rate.limit} requests ${per(limits.rate.windowMs)} per account`,
    limits.concurrency !== null && `${limits.concurrency} at once`,
    limits.authFailures &&
      `${limits.authFailures.limit} failed key checks ${per(limits.authFailures.windowMs)} per IP`,
  ].filter(Boolean);
  return parts.length === 0 ? 'No rate limits.' : `Limits: ${parts.join(', ')}.`;
}
