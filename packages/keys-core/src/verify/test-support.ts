/**
 * Test helper (not part of the public API): a verifier over fresh memory storage, with a
 * clock and a scheduler the test drives by hand, and keys inserted directly as records.
 */
import { compilePolicy } from '../policy/index.js';
import { hashKey } from '../secret/hash.js';
import { displayPrefix, generateKey } from '../secret/key.js';
import type { StorageAdapter } from '../storage/adapter.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory-adapter.js';
import type { AuditEvent, StoredKey } from '../types.js';
import type { Scheduler } from './scheduler.js';
import { type CreateVerifierOptions, createVerifier, type Verifier } from './verifier.js';

/** A fixed start of time, far from the epoch. */
export const T0 = Date.UTC(2030, 0, 1);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const ACCOUNT = 'acct_verify';

let sequence = 0;

/** A stored key of ACCOUNT with every field set; `overrides` win. */
export function makeRecord(overrides: Partial<StoredKey> = {}): StoredKey {
  sequence++;
  return {
    id: `key_verify${String(sequence).padStart(14, '0')}`,
    accountId: ACCOUNT,
    name: 'prod-api-worker',
    hash: '0'.repeat(64),
    prefix: 'bye_a1B2c',
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
    createdAt: T0,
    createdBy: 'user_owner',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    graceEndsAt: null,
    replacedBy: null,
    rotatedFrom: null,
    version: 1,
    ...overrides,
  };
}

/** An audit event about `record`. */
export function eventFor(
  record: StoredKey,
  type: AuditEvent['type'] = 'api_key.created',
): AuditEvent {
  return {
    id: `evt_verify${String(++sequence).padStart(14, '0')}`,
    accountId: record.accountId,
    type,
    at: T0,
    actorId: 'user_owner',
    actorRole: 'owner',
    keyId: record.id,
    keyPrefix: record.prefix,
    keyName: record.name,
    data: {},
  };
}

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

/**
 * Lets every pending promise settle (one macrotask): after it, a verifier's change-feed
 * subscription on the memory storage has resolved and its default cache TTL applies.
 */
export function settle(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
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
  /** Inserts a key with a real secret, then lets the change feed come up; returns both. */
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
      const record = makeRecord({
        hash: hashKey(secret),
        prefix: displayPrefix(secret),
        ...overrides,
      });
      await storage.insertKey(record, eventFor(record));
      await settle();
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
