/**
 * `@babysea/keys-core/testing`: the conformance suite every storage adapter runs, and the
 * contract suite every management client (`KeysClient`) runs.
 *
 * It needs vitest (an optional peer dependency of this package): import it only from test
 * files.
 */
import { describe } from 'vitest';

export {
  describeKeysClient,
  type KeysClientFactory,
  type KeysClientFixture,
} from './testing/client-suite.js';

import { type StorageAdapterFactory, useAdapterContext } from './testing/context.js';
import { describeEngineOnAdapter } from './testing/engine-suite.js';
import { describeChangeFeed } from './testing/feed-suite.js';
import { describeAccountIsolation } from './testing/isolation-suite.js';
import { describeLogsAndAudit } from './testing/logs-suite.js';
import { describeStorageModel, type StorageModelOptions } from './testing/model-suite.js';
import { describeKeyPagesAndAccountLogs } from './testing/paging-suite.js';
import { describeKeyRecords } from './testing/records-suite.js';
import { describeRemovalAndLastUsed } from './testing/removal-suite.js';
import { describeDeploymentSecret } from './testing/secret-suite.js';
import { describeKeyUpdates } from './testing/updates-suite.js';
import { describeUsageCounters } from './testing/usage-suite.js';

export type {
  StorageAdapterFactory,
  StorageAdapterFixture,
} from './testing/context.js';
/** Record builders the suite uses, for an adapter's own extra tests. */
export { makeAuditEvent, makeStoredKey, makeUsageLog } from './testing/fixtures.js';
export type { StorageModelOptions } from './testing/model-suite.js';
export { makeUsageCounter } from './testing/usage-suite.js';

/** Options of {@link describeStorageAdapter}. */
export interface DescribeStorageAdapterOptions {
  /** The model-based test (random operation sequences against the in-memory model). */
  model?: StorageModelOptions;
}

/**
 * Registers the storage adapter conformance suite (a vitest `describe` block): every method of
 * `StorageAdapter`, ordering and paging, duplicate refusal, compare-and-set, atomic rotation,
 * delete with logs, last-used max semantics, purge, usage counters (increments, per-day sums), account isolation, copy safety, the change
 * feed when the adapter has `subscribe`, end-to-end races through two `createKeys` engines
 * sharing the store, and a model-based test: random operation sequences (fast-check, an
 * optional peer dependency like vitest) answered exactly as the in-memory adapter answers.
 *
 * `factory` runs before each test and must return an EMPTY storage used by that test only
 * (a new database, schema or file; or truncated tables). Its `cleanup` runs after the test and
 * must release everything the factory opened, including instances made by `second()`.
 *
 * Ties in ordering compare ids by code unit (binary, `COLLATE "C"` in PostgreSQL).
 *
 * @example
 * ```ts
 * // my-adapter.test.ts
 * import { describeStorageAdapter } from '@babysea/keys-core/testing';
 * import { createMyStorage } from './my-adapter.js';
 *
 * describeStorageAdapter('my adapter', async () => {
 *   const db = await openFreshDatabase();
 *   return {
 *     storage: createMyStorage(db),
 *     second: () => createMyStorage(db.reopen()),
 *     cleanup: () => db.drop(),
 *   };
 * });
 * ```
 */
export function describeStorageAdapter(
  name: string,
  factory: StorageAdapterFactory,
  options: DescribeStorageAdapterOptions = {},
): void {
  describe(`StorageAdapter conformance: ${name}`, () => {
    const ctx = useAdapterContext(factory);
    describeKeyRecords(ctx);
    describeKeyUpdates(ctx);
    describeRemovalAndLastUsed(ctx);
    describeLogsAndAudit(ctx);
    describeKeyPagesAndAccountLogs(ctx);
    describeUsageCounters(ctx);
    describeChangeFeed(ctx);
    describeDeploymentSecret(ctx);
    describeEngineOnAdapter(ctx);
    describeAccountIsolation(ctx);
    describeStorageModel(ctx, options.model);
  });
}
