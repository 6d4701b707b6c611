import { createLimits } from '../limits/limits.js';
import { withStorageDeadlines } from '../storage/deadline.js';
import { createIpHasher } from '../verify/ip-hash.js';
import { unrefScheduler } from '../verify/scheduler.js';
import { createVerifier } from '../verify/verifier.js';
import type { EngineContext } from './context.js';
import { hashIp } from './hash-ip.js';
import type { CreateKeysOptions, Keys } from './keys-api.js';
import { resolveOptions } from './options.js';
import { listAccountLogs, listKeyPage } from './page-operations.js';
import { getKey, listAudit, listKeys, listLogs } from './read-operations.js';
import { callStorage } from './storage-call.js';
import { updateKey } from './update-key.js';
import { readUsage } from './usage-report.js';
import { createKey, deleteKey, revokeKey, rotateKey } from './write-operations.js';

/**
 * Creates the engine: every server-side operation on keys over one storage adapter.
 *
 * Options are validated now (a bad prefix, policy or number throws
 * `INVALID_CONFIGURATION`) and copied: the caller's object is never read again or mutated.
 * Management operations check the actor's role first; members may read, not write.
 *
 * @throws {KeysError} `INVALID_CONFIGURATION`
 * @example
 * ```ts
 * import { createKeys } from '@babysea/keys-core';
 * import { createMemoryStorage } from '@babysea/keys-core/memory';
 *
 * const keys = createKeys({ storage: createMemoryStorage() });
 * const actor = { userId: 'user_1', role: 'owner' } as const;
 * const { key, secret } = await keys.create({ accountId: 'acct_1', actor, name: 'prod-api-worker', preset: 'full-access' });
 * const result = await keys.verify({ authorization: `Bearer ${secret}`, ip: '203.0.113.10', method: 'GET', path: '/v1/status' });
 * ```
 */
export function createKeys(options: CreateKeysOptions): Keys {
  const config = resolveOptions(options);
  const { clock, policy, prefix } = config;
  // Management calls get the verifier's deadline: a stuck storage answers 503, never hangs.
  const storage = withStorageDeadlines(config.storage, {
    timeoutMs: config.storageTimeoutMs,
    schedule: unrefScheduler,
  });
  const reportError =
    config.onError ?? ((error: unknown) => console.error('[babysea/keys]', error));
  const limits = createLimits(options.limits, clock, reportError);
  const ipHasher = createIpHasher({ storage, secret: config.ipHashSecret, onError: reportError });
  const verifier = createVerifier({
    storage: config.storage,
    storageTimeoutMs: config.storageTimeoutMs,
    ...(config.ipHashSecret !== undefined && { ipHashSecret: config.ipHashSecret }),
    policy,
    clock,
    prefix,
    ...(config.cache !== undefined && { cache: config.cache }),
    ...(config.lastUsedIntervalMs !== undefined && {
      lastUsedIntervalMs: config.lastUsedIntervalMs,
    }),
    ...(config.usage !== undefined && { usage: config.usage }),
    ...(config.onError !== undefined && { onError: config.onError }),
    ...(limits !== null && { gate: limits.gate }),
  });
  const verify = limits === null ? verifier.verify : limits.wrap(verifier.verify);
  const engine: EngineContext = {
    storage,
    clock,
    policy,
    prefix,
    invalidate: (hash) => verifier.invalidate(hash),
  };
  let closing: Promise<void> | undefined;
  const purgeLogs = () =>
    callStorage('purging usage logs', () =>
      storage.purgeUsageLogs(clock() - config.logRetentionMs),
    );

  // Retention on a timer, when asked for: one purge at a time (the next is scheduled when the
  // previous settles), unref'd, stopped by close().
  let cancelPurge: (() => void) | undefined;
  const schedulePurge = () => {
    cancelPurge = unrefScheduler(() => {
      purgeLogs()
        .catch(reportError)
        .finally(() => {
          if (closing === undefined) schedulePurge();
        });
    }, config.purgeIntervalMs);
  };
  if (config.purgeIntervalMs > 0) schedulePurge();

  return {
    create: (input) => createKey(engine, input),
    list: (input) => listKeys(engine, input),
    listPage: (input) => listKeyPage(engine, input),
    update: (input) => updateKey(engine, input),
    accountLogs: (input) => listAccountLogs(engine, input),
    get: (input) => getKey(engine, input),
    rotate: (input) => rotateKey(engine, input),
    revoke: (input) => revokeKey(engine, input),
    delete: (input) => deleteKey(engine, input),
    logs: (input) => listLogs(engine, input),
    usage: (input) => readUsage(engine, input),
    audit: (input) => listAudit(engine, input),
    hashIp: (input) => hashIp(ipHasher, input),
    verify: (input) => verify(input),
    policy,
    prefix,
    purgeLogs,
    flush: () => verifier.flush(),
    // Closes only what the engine made (the verifier); the storage belongs to the caller.
    close: () => {
      cancelPurge?.();
      closing ??= Promise.all([verifier.close(), limits?.close()]).then(() => undefined);
      return closing;
    },
  };
}
