/**
 * Timers for the verifier's background writes, injectable so that tests fire them by hand
 * instead of faking global timers or sleeping.
 */

/** Schedules a callback once; returns a function that cancels it. */
export type Scheduler = (callback: () => void, delayMs: number) => () => void;

/**
 * `setTimeout` with the timer unref'd where the runtime can (Node, Bun: `timer.unref()`;
 * Deno: `Deno.unrefTimer(id)`): a pending last-used or usage-log write never keeps a process
 * alive. Call `flush()` or `close()` on shutdown to write what is pending.
 */
export const unrefScheduler: Scheduler = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) {
    (timer as { unref(): void }).unref();
  } else {
    (globalThis as { Deno?: { unrefTimer?(id: unknown): void } }).Deno?.unrefTimer?.(timer);
  }
  return () => clearTimeout(timer);
};
