/**
 * Request-log retention for the demo: the engine only deletes old usage logs when asked
 * (`keys.purgeLogs()`), so the demo asks once at start and then every hour. How long logs are
 * kept is the engine's `logRetentionMs`, set from `KEYS_LOG_RETENTION_DAYS` by `main.ts`.
 */
import type { Keys } from '@babysea/keys-core';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days of request logs kept when `KEYS_LOG_RETENTION_DAYS` is not set (PRODUCT.md: 30). */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** How often the running demo purges: hourly is plenty for a retention counted in days. */
export const LOG_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * `KEYS_LOG_RETENTION_DAYS` as `logRetentionMs`: a positive number of days (fractions allowed,
 * e.g. `0.5` for twelve hours), 30 when unset or empty.
 *
 * @throws {Error} naming the variable when the value is not a positive number
 */
export function logRetentionMsFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_LOG_RETENTION_DAYS * DAY_MS;
  const days = Number(value);
  const ms = Math.round(days * DAY_MS);
  if (!Number.isFinite(days) || days <= 0 || !Number.isSafeInteger(ms) || ms <= 0) {
    throw new Error(`KEYS_LOG_RETENTION_DAYS must be a positive number of days, got "${value}"`);
  }
  return ms;
}

/** Options of {@link startLogPurge}. */
export interface LogPurgeOptions {
  /** @default LOG_PURGE_INTERVAL_MS */
  intervalMs?: number;
  /** A purge that failed (the next one tries again). @default console.error */
  onError?: (error: unknown) => void;
  /** How many rows a purge deleted. */
  onPurged?: (count: number) => void;
}

/** A running purge schedule. */
export interface LogPurge {
  /** The start-up purge; resolves (never rejects) once it has run. */
  initial: Promise<void>;
  /** Clears the hourly timer and waits for a purge in progress. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Purges now, then every `intervalMs` on an unref'd timer (it never keeps the process alive
 * on its own); `stop()` on shutdown clears it. Purges never overlap.
 */
export function startLogPurge(
  keys: Pick<Keys, 'purgeLogs'>,
  options: LogPurgeOptions = {},
): LogPurge {
  const { intervalMs = LOG_PURGE_INTERVAL_MS, onPurged } = options;
  const onError =
    options.onError ?? ((error: unknown) => console.error('[demo] log purge failed:', error));
  let running: Promise<void> | null = null;

  function purge(): Promise<void> {
    running ??= Promise.resolve()
      .then(() => keys.purgeLogs())
      .then((count) => onPurged?.(count))
      .catch((error: unknown) => {
        try {
          onError(error);
        } catch {
          // A throwing reporter must not become an unhandled rejection.
        }
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  const initial = purge();
  const timer = setInterval(() => void purge(), intervalMs);
  timer.unref();
  return {
    initial,
    stop() {
      clearInterval(timer);
      return running ?? Promise.resolve();
    },
  };
}
