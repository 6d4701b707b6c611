import { isKeysError, KeysError } from '../errors/keys-error.js';
import { compilePolicy, type Policy } from '../policy/index.js';
import { assertValidPrefix, DEFAULT_PREFIX } from '../secret/key.js';
import type { StorageAdapter } from '../storage/adapter.js';
import { DEFAULT_STORAGE_TIMEOUT_MS } from '../storage/deadline.js';
import type { Clock } from '../types.js';
import { assertIpHashSecret } from '../verify/ip-hash.js';
import type { UsageTuning } from '../verify/verifier.js';
import type { CreateKeysOptions } from './keys-api.js';

/** `purgeLogs()` keeps 30 days of usage logs unless told otherwise. */
export const DEFAULT_LOG_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const REQUIRED_METHODS = [
  'insertKey',
  'findKeyByHash',
  'findKey',
  'listKeys',
  'updateKey',
  'rotateKey',
  'deleteKey',
  'touchLastUsed',
  'appendUsageLogs',
  'listUsageLogs',
  'purgeUsageLogs',
  'addUsageCounts',
  'readUsage',
  'listAuditEvents',
] as const satisfies readonly (keyof StorageAdapter)[];

/** The options after validation: private copies, defaults filled in. */
export interface ResolvedOptions {
  storage: StorageAdapter;
  clock: Clock;
  policy: Policy;
  prefix: string;
  cache: { maxEntries?: number; ttlMs?: number; maxUnknown?: number } | undefined;
  lastUsedIntervalMs: number | undefined;
  usage: UsageTuning | undefined;
  logRetentionMs: number;
  /** 0 when the engine does not purge on its own. */
  purgeIntervalMs: number;
  /** Deadline of each storage call; 0 when off. */
  storageTimeoutMs: number;
  ipHashSecret: string | undefined;
  onError: ((error: unknown) => void) | undefined;
}

function invalid(message: string, cause?: unknown): KeysError {
  return new KeysError('INVALID_CONFIGURATION', message, { cause });
}

/**
 * Validates `createKeys` options at call time, so that a misconfiguration fails at start-up
 * rather than on the first request, and copies what it keeps: the caller may reuse or mutate
 * its object afterwards without effect (and is never mutated itself).
 *
 * @throws {KeysError} `INVALID_CONFIGURATION` naming the option
 */
export function resolveOptions(options: CreateKeysOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalid('createKeys: expected an options object with `storage`');
  }
  const {
    storage,
    clock,
    scopes,
    presets,
    routes,
    prefix = DEFAULT_PREFIX,
    cache,
    lastUsedIntervalMs,
    usage,
    logRetentionMs = DEFAULT_LOG_RETENTION_MS,
    purgeIntervalMs = 0,
    storageTimeoutMs = DEFAULT_STORAGE_TIMEOUT_MS,
    ipHashSecret,
    onError,
  } = options;

  assertStorage(storage);
  assertNoProxyOptions(options);
  if (clock !== undefined && typeof clock !== 'function') {
    throw invalid('clock: expected a function returning epoch milliseconds');
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw invalid('onError: expected a function');
  }
  try {
    assertValidPrefix(prefix);
  } catch (error) {
    throw isKeysError(error) ? error : invalid('prefix: invalid', error);
  }

  return {
    storage,
    clock: clock ?? Date.now,
    policy: compile({ scopes, presets, routes }),
    prefix,
    cache: resolveCache(cache),
    lastUsedIntervalMs: optionalCount('lastUsedIntervalMs', lastUsedIntervalMs),
    usage: resolveUsage(usage),
    logRetentionMs: positiveDuration('logRetentionMs', logRetentionMs),
    purgeIntervalMs: optionalCount('purgeIntervalMs', purgeIntervalMs) ?? 0,
    storageTimeoutMs: optionalCount('storageTimeoutMs', storageTimeoutMs) ?? 0,
    ipHashSecret: checkedIpHashSecret(ipHashSecret),
    onError,
  };
}

function checkedIpHashSecret(value: unknown): string | undefined {
  assertIpHashSecret(value);
  return value;
}

function assertStorage(storage: unknown): asserts storage is StorageAdapter {
  if (typeof storage !== 'object' || storage === null) {
    throw invalid('storage: expected a StorageAdapter (e.g. createMemoryStorage())');
  }
  const adapter = storage as Record<string, unknown>;
  const missing = REQUIRED_METHODS.filter((name) => typeof adapter[name] !== 'function');
  if (missing.length > 0) {
    throw invalid(`storage: not a StorageAdapter, missing ${missing.join(', ')}`);
  }
}

function compile({
  scopes,
  presets,
  routes,
}: Pick<CreateKeysOptions, 'scopes' | 'presets' | 'routes'>): Policy {
  try {
    // Private copies, so that the caller's arrays stay theirs; compilePolicy validates shapes
    // (a non-array is passed through for it to refuse). Undefined parts fall back to defaults.
    return compilePolicy({
      scopes: Array.isArray(scopes) ? [...scopes] : scopes,
      presets: Array.isArray(presets)
        ? presets.map((preset) =>
            typeof preset === 'object' && preset !== null && Array.isArray(preset.scopes)
              ? { ...preset, scopes: [...preset.scopes] }
              : preset,
          )
        : presets,
      routes: Array.isArray(routes)
        ? routes.map((route) =>
            typeof route === 'object' && route !== null ? { ...route } : route,
          )
        : routes,
    });
  } catch (error) {
    if (isKeysError(error)) throw error;
    throw invalid('presets/scopes/routes: invalid policy', error);
  }
}

/**
 * `trustedProxies` and `forwardedHeader` moved to the HTTP bindings (`getClientIp:
 * trustProxies([...])`). Refused loudly rather than ignored: ignored, every client would look
 * like the proxy and allowlists would refuse them all.
 */
function assertNoProxyOptions(options: object): void {
  for (const name of ['trustedProxies', 'forwardedHeader']) {
    if (name in options && (options as Record<string, unknown>)[name] !== undefined) {
      throw invalid(
        `${name}: the engine no longer reads forwarding headers; pass \`getClientIp: trustProxies([...])\` (from '@babysea/keys-core/http') to your HTTP binding instead`,
      );
    }
  }
}

function resolveCache(value: unknown): ResolvedOptions['cache'] {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw invalid('cache: expected { maxEntries?, ttlMs?, maxUnknown? }');
  }
  const { maxEntries, ttlMs, maxUnknown } = value as Record<string, unknown>;
  const cache: NonNullable<ResolvedOptions['cache']> = {};
  const entries = optionalCount('cache.maxEntries', maxEntries);
  const ttl = optionalCount('cache.ttlMs', ttlMs);
  const unknown = optionalCount('cache.maxUnknown', maxUnknown);
  if (entries !== undefined) cache.maxEntries = entries;
  if (ttl !== undefined) cache.ttlMs = ttl;
  if (unknown !== undefined) cache.maxUnknown = unknown;
  return cache;
}

const USAGE_TUNING = [
  'counterIntervalMs',
  'logIntervalMs',
  'logBatchSize',
  'maxBufferedLogs',
] as const satisfies readonly (keyof UsageTuning)[];

function resolveUsage(value: unknown): UsageTuning | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw invalid(`usage: expected { ${USAGE_TUNING.join('?, ')}? }`);
  }
  const tuning: UsageTuning = {};
  for (const name of USAGE_TUNING) {
    const count = optionalCount(`usage.${name}`, (value as Record<string, unknown>)[name]);
    if (count !== undefined) tuning[name] = count;
  }
  return tuning;
}

/** A non-negative safe integer, or undefined when not given. */
function optionalCount(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${name}: expected a non-negative integer, got ${String(value)}`);
  }
  return value;
}

function positiveDuration(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(`${name}: expected a positive integer of milliseconds, got ${String(value)}`);
  }
  return value;
}
