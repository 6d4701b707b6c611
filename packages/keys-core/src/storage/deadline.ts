/**
 * A deadline on every storage call. A read that never settles (a half-open TCP path, a table
 * lock held by a migration, a pool whose clients are all stuck) must not hang a verification,
 * a management call or `close()` for good: past the deadline the call rejects with the
 * retryable `STORAGE_UNAVAILABLE`, and whatever the driver answers later is ignored.
 *
 * The deadline is a timer only for calls that return a promise: a synchronous adapter
 * (better-sqlite3) has already answered when the call returns, and nothing can interrupt it
 * (its own `busy_timeout` bounds it).
 */
import { KeysError } from '../errors/keys-error.js';
import type { Scheduler } from '../verify/scheduler.js';
import type { StorageAdapter } from './adapter.js';

/** Default deadline of one storage call. */
export const DEFAULT_STORAGE_TIMEOUT_MS = 2000;

export interface StorageDeadlineOptions {
  /** Milliseconds one call may take; 0 turns the deadline off. */
  timeoutMs: number;
  /** The timer (tests inject one and fire it by hand). */
  schedule: Scheduler;
}

/** The `STORAGE_UNAVAILABLE` of a call that outlived its deadline. */
export function storageTimeout(operation: string, timeoutMs: number): KeysError {
  return new KeysError(
    'STORAGE_UNAVAILABLE',
    `Key storage did not answer within ${timeoutMs} ms (${operation}); try again.`,
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * `pending`, or a rejection with {@link storageTimeout} once `timeoutMs` have passed,
 * whichever comes first. `onLate` receives the value of a call that settled after its
 * deadline (to release what it holds, such as a subscription).
 */
export function withDeadline<T>(
  pending: PromiseLike<T>,
  operation: string,
  { timeoutMs, schedule }: StorageDeadlineOptions,
  onLate?: (value: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const cancel = schedule(() => {
      expired = true;
      reject(storageTimeout(operation, timeoutMs));
    }, timeoutMs);
    pending.then(
      (value) => {
        if (expired) {
          onLate?.(value);
          return;
        }
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        cancel();
        reject(error);
      },
    );
  });
}

/**
 * `storage` seen through a deadline on each of its methods (those of the contract and any
 * other an adapter adds). The change feed's `subscribe` gets one too; a subscription that
 * arrives after its deadline is unsubscribed at once, so that no listener is left behind.
 * With `timeoutMs` 0 the storage is returned as it is.
 *
 * @example
 * const guarded = withStorageDeadlines(storage, { timeoutMs: 2000, schedule: unrefScheduler });
 */
export function withStorageDeadlines<S extends StorageAdapter>(
  storage: S,
  options: StorageDeadlineOptions,
): S {
  if (options.timeoutMs <= 0) return storage;
  const wrapped = new Map<PropertyKey, unknown>();
  // The proxy's own target is empty: a frozen adapter's methods are non-configurable, and a
  // proxy over it could not hand back anything but the very same functions.
  return new Proxy({} as S, {
    get(_target, property) {
      const value = Reflect.get(storage, property, storage);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let method = wrapped.get(property);
      if (method === undefined || (method as { original?: unknown }).original !== value) {
        method = guard(storage, property, value as (...args: unknown[]) => unknown, options);
        wrapped.set(property, method);
      }
      return method;
    },
    has: (_target, property) => Reflect.has(storage, property),
  });
}

function guard(
  target: object,
  name: string,
  original: (...args: unknown[]) => unknown,
  options: StorageDeadlineOptions,
): (...args: unknown[]) => unknown {
  const onLate =
    name === 'subscribe'
      ? (stop: unknown) => {
          // Too late to be used: release it rather than leave a listener nobody removes.
          if (typeof stop === 'function') {
            Promise.resolve()
              .then(() => stop())
              .catch(() => undefined);
          }
        }
      : undefined;
  const method = (...args: unknown[]) => {
    const result = original.apply(target, args);
    if (!isThenable(result)) return result;
    const bounded = withDeadline(result, name, options, onLate);
    if (name !== 'subscribe') return bounded;
    // Unsubscribing waits on the storage too: `close()` must not hang on it.
    return bounded.then((stop) =>
      typeof stop === 'function'
        ? () => {
            const stopped = (stop as () => unknown)();
            return isThenable(stopped) ? withDeadline(stopped, 'unsubscribe', options) : stopped;
          }
        : stop,
    );
  };
  method.original = original;
  return method;
}
