import { afterEach, beforeEach } from 'vitest';
import type { StorageAdapter } from '../storage/adapter.js';
import type { Awaitable } from '../types.js';
import { fixtureId } from './fixtures.js';

/**
 * What a factory returns for one test: a fresh, empty storage, and optionally how to release
 * it and how to open a second instance on the same underlying store.
 */
export interface StorageAdapterFixture {
  /** An empty storage, used by this test only. */
  storage: StorageAdapter;
  /**
   * Releases everything the factory opened for this test, including every instance
   * `second()` returned (the suite never closes adapters itself).
   */
  cleanup?: () => Awaitable<void>;
  /**
   * Opens another adapter instance on the SAME underlying store (for a SQL adapter: another
   * connection or pool), so that the two-engine and change-feed tests cross a real process-like
   * boundary. Without it those tests use `storage` for both sides.
   */
  second?: () => Awaitable<StorageAdapter>;
}

/** Called before each test of the suite. */
export type StorageAdapterFactory = () => Awaitable<StorageAdapterFixture>;

/** What every group of tests reads: the current test's storage and a fresh account id. */
export interface SuiteContext {
  /** This test's storage. */
  readonly storage: StorageAdapter;
  /** A second instance on the same store (or `storage` itself when the factory gave none). */
  second(): Promise<StorageAdapter>;
  /** A new account id, unused by any other test. */
  account(): string;
}

/** Registers the per-test setup and teardown, and returns the context the tests read. */
export function useAdapterContext(factory: StorageAdapterFactory): SuiteContext {
  let fixture: StorageAdapterFixture | undefined;

  beforeEach(async () => {
    fixture = await factory();
  });

  afterEach(async () => {
    const current = fixture;
    fixture = undefined;
    await current?.cleanup?.();
  });

  function current(): StorageAdapterFixture {
    if (fixture === undefined) throw new Error('the storage fixture is only available in a test');
    return fixture;
  }

  return {
    get storage() {
      return current().storage;
    },
    async second() {
      const { storage, second } = current();
      return second === undefined ? storage : await second();
    },
    account() {
      return fixtureId('acct');
    },
  };
}
