/**
 * Test helper (not part of the public API): a verifier over fresh memory storage, with a
 * clock and a scheduler the test drives by hand, and keys inserted directly as records.
 */
import { compilePolicy } from '../policy/index.js';
import { hashKey } from '../secret/hash.js';
import { displayPrefix, generateKey } from '../secret/key.js';
import type { StorageAdapter } from '../storage/adapter.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory-adapter.js';
import { makeEvent, makeStoredKey, T0 } from '../testing/fixtures.js';
import type { StoredKey } from '../types.js';
import type { Scheduler } from './scheduler.js';
import { type CreateVerifierOptions, createVerifier, type Verifier } from './verifier.js';

export { HOUR, T0 } from '../testing/fixtures.js';

export const ACCOUNT = 'acct_verify';
export const MINUTE = 60_000;

/** A scheduler whose tasks run only when the test says so. */
export interface ManualScheduler {
  schedule: Scheduler;
  /** Tasks waiting, with their delays. */
  readonly pending: number[];
  /** Runs every task due within `ms` of now (all of them by default). */
  run(ms?: number): void;
}

export function manualScheduler(): ManualScheduler {
  const tasks = new Set<{ callback: () => void; delayMs: number }>();
  return {
    schedule(callback, delayMs) {
      const task = { callback, delayMs };
      tasks.add(task);
      return () => tasks.delete(task);
    },
    get pending() {
      return [...tasks].map((task) => task.delayMs);
    },
    run(ms = Number.POSITIVE_INFINITY) {
      for (const task of [...tasks]) {
        if (task.delayMs > ms) continue;
        tasks.delete(task);
        task.callback();
      }
    },
  };
}

/** Counts calls of each adapter method, and can make any of them throw. */
export function instrument(storage: StorageAdapter): {
  storage: StorageAdapter;
  calls: Record<string, number>;
  failing: Set<string>;
} {
  const calls: Record<string, number> = {};
  const failing = new Set<string>();
  const wrapped = new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls[property] = (calls[property] ?? 0) + 1;
        if (failing.has(property)) return Promise.reject(new Error(`${property}: storage down`));
        return value.apply(target, args);
      };
    },
  });
  return { storage: wrapped, calls, failing };
}

export interface VerifierFixture {
  verifier: Verifier;
  storage: MemoryStorage;
  /** The storage the verifier sees (counted, failable). */
  calls: Record<string, number>;
  failing: Set<string>;
  scheduler: ManualScheduler;
  errors: unknown[];
  clock: { now: number };
  /** Inserts a key with a real secret; returns both. */
  addKey(overrides?: Partial<StoredKey>): Promise<{ secret: string; record: StoredKey }>;
}

export function verifierFixture(
  options: Partial<Omit<CreateVerifierOptions, 'storage' | 'clock' | 'scheduler'>> & {
    storage?: MemoryStorage;
  } = {},
): VerifierFixture {
  const storage = options.storage ?? createMemoryStorage();
  const { storage: counted, calls, failing } = instrument(storage);
  const scheduler = manualScheduler();
  const errors: unknown[] = [];
  const clock = { now: T0 };
  const verifier = createVerifier({
    policy: compilePolicy(),
    prefix: 'bye_',
    onError: (error) => errors.push(error),
    ...options,
    storage: counted,
    clock: () => clock.now,
    scheduler: scheduler.schedule,
  });
  return {
    verifier,
    storage,
    calls,
    failing,
    scheduler,
    errors,
    clock,
    async addKey(overrides = {}) {
      const secret = generateKey('bye_');
      const record = makeStoredKey(ACCOUNT, {
        hash: hashKey(secret),
        prefix: displayPrefix(secret),
        scopes: [
          'generation:write',
          'generation:read',
          'generation:delete',
          'account:read',
          'health:read',
          'library:read',
        ],
        preset: 'full-access',
        allowlist: [],
        ...overrides,
      });
      await storage.insertKey(record, makeEvent('api_key.created', record));
      return { secret, record };
    },
  };
}

/** A request to a route every Full Access key may call. */
export function request(secret: string | null, overrides: Record<string, unknown> = {}) {
  return {
    authorization: secret === null ? null : `Bearer ${secret}`,
    ip: '203.0.113.10',
    method: 'GET',
    path: '/v1/status',
    ...overrides,
  };
}
