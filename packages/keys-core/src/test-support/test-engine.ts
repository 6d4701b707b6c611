/**
 * Test helper (not part of the public API): an engine over fresh memory storage with a clock
 * the test moves by hand. It lives apart from `lifecycle/` because it also reads `testing/`,
 * which itself builds on `lifecycle/`: beside either, it would make a folder cycle.
 */

import { createKeys } from '../lifecycle/create-keys.js';
import type { CreatedKey, CreateKeyInput, CreateKeysOptions, Keys } from '../lifecycle/keys-api.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory-adapter.js';
import { T0 } from '../testing/fixtures.js';
import type { Actor } from '../types.js';

export { HOUR, T0 } from '../testing/fixtures.js';

export const ACCOUNT = 'acct_test';
export const PRIMARY_OWNER: Actor = { userId: 'user_primary', role: 'primary-owner' };
export const OWNER: Actor = { userId: 'user_owner', role: 'owner' };
export const MEMBER: Actor = { userId: 'user_member', role: 'member' };

/** A clock that only moves when told to. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  set(at: number): void;
}

export function testClock(start = T0): TestClock {
  let at = start;
  return {
    now: () => at,
    advance: (ms) => {
      at += ms;
    },
    set: (next) => {
      at = next;
    },
  };
}

export interface TestEngine {
  keys: Keys;
  storage: MemoryStorage;
  clock: TestClock;
  /** Creates a Full Access key in ACCOUNT as OWNER; `input` overrides. */
  create(input?: Partial<CreateKeyInput>): Promise<CreatedKey>;
}

/** A fresh engine; pass `storage` to share one store between engines. */
export function testEngine(
  options: Partial<CreateKeysOptions> & { storage?: MemoryStorage; clock?: never } = {},
  clock: TestClock = testClock(),
): TestEngine {
  const storage = options.storage ?? createMemoryStorage();
  const keys = createKeys({ ...options, storage, clock: clock.now });
  return {
    keys,
    storage,
    clock,
    create: (input = {}) =>
      keys.create({
        accountId: ACCOUNT,
        actor: OWNER,
        name: 'prod-api-worker',
        preset: 'full-access',
        ...input,
      }),
  };
}

/** Runs `run` after `ticks` microtask turns: a way to try many interleavings of two calls. */
export async function afterTicks<T>(ticks: number, run: () => Promise<T>): Promise<T> {
  for (let i = 0; i < ticks; i++) await Promise.resolve();
  return run();
}
