/**
 * Usage logs (PRODUCT.md §8) written in batches off the request path. A request only appends
 * its raw facts to a flat buffer (no object per request); ids, IP hashes and query sanitizing
 * happen when a batch is built (every `flushIntervalMs`, or as soon as `batchSize` rows
 * wait), in a microtask after the request has its answer. The raw IP lives only in that
 * buffer, never in storage.
 */
import { normalizeIp } from '../allowlist/index.js';
import { KeysError } from '../errors/keys-error.js';
import { BASE62_ALPHABET } from '../secret/base62.js';
import { sha256Hex } from '../secret/hash.js';
import { randomBase62 } from '../secret/random.js';
import type { StorageAdapter } from '../storage/adapter.js';
import type { UsageLog } from '../types.js';
import { createQuerySanitizer } from './query.js';
import type { Scheduler } from './scheduler.js';

/** Longest user agent kept in a log row. */
export const MAX_LOGGED_USER_AGENT_LENGTH = 256;
/** Longest endpoint kept in a log row. */
export const MAX_LOGGED_ENDPOINT_LENGTH = 512;

/** Values per buffered row (see `record`). */
const STRIDE = 10;

export interface UsageLogWriter {
  /** Buffers one row; never throws, never awaits, allocates no object. */
  record(
    at: number,
    keyId: string,
    accountId: string,
    method: string,
    path: string,
    query: string | undefined,
    status: number,
    errorCode: string | null,
    ip: string | null | undefined,
    userAgent: string | null | undefined,
  ): void;
  /** Writes what is buffered; resolves when every write started so far has settled. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface UsageLogWriterOptions {
  storage: Pick<StorageAdapter, 'appendUsageLogs'>;
  keyPrefix: string;
  schedule: Scheduler;
  onError: (error: unknown) => void;
  /** @default 1000 */
  flushIntervalMs?: number;
  /** @default 256 */
  batchSize?: number;
  /**
   * Rows kept waiting while writes are slow; beyond it new rows are dropped (and reported)
   * rather than growing memory without bound. @default 10000
   */
  maxBuffered?: number;
}

/** `n` (below 62^4, far above any batch) as 4 base62 digits. */
function counter(n: number): string {
  const a = BASE62_ALPHABET;
  return (
    a[((n / 238_328) | 0) % 62]! + a[((n / 3844) | 0) % 62]! + a[((n / 62) | 0) % 62]! + a[n % 62]!
  );
}

function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

export function createUsageLogWriter(options: UsageLogWriterOptions): UsageLogWriter {
  const { storage, keyPrefix, schedule, onError } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 256;
  const maxValues = (options.maxBuffered ?? 10_000) * STRIDE;
  const sanitizeQuery = createQuerySanitizer(keyPrefix);
  // Hashing the same client address over and over is the common case (one caller, many calls).
  const ipHashes = new Map<string, string>();
  // Rows as flat values, in an array sized for a whole batch up front (no regrowth while
  // requests fill it); `used` counts the values written.
  const capacity = batchSize * STRIDE;
  let buffer: unknown[] = new Array(capacity);
  let used = 0;
  let dropped = 0;
  let cancel: (() => void) | null = null;
  const inFlight = new Set<Promise<void>>();

  /** SHA-256 of the canonical address (so `::ffff:a.b.c.d` and `a.b.c.d` log alike). */
  function hashIp(ip: string | null | undefined): string {
    const raw = ip ?? '';
    let hash = ipHashes.get(raw);
    if (hash === undefined) {
      if (ipHashes.size >= 1024) ipHashes.clear();
      hash = sha256Hex(raw === '' ? '' : (normalizeIp(raw) ?? raw));
      ipHashes.set(raw, hash);
    }
    return hash;
  }

  function toRows(values: unknown[], count: number): UsageLog[] {
    // Ids are `log_` + 24 base62 characters like every id: 20 random ones per batch (~119
    // bits) and a 4-character counter, unique without a CSPRNG draw per row (which costs
    // more than building the rest of the row).
    const base = `log_${randomBase62(20)}`;
    const rows: UsageLog[] = [];
    for (let i = 0; i < count; i += STRIDE) {
      const userAgent = values[i + 9] as string | null | undefined;
      rows.push({
        id: base + counter(i / STRIDE),
        keyId: values[i + 1] as string,
        accountId: values[i + 2] as string,
        at: values[i] as number,
        method: values[i + 3] as string,
        endpoint: cap(values[i + 4] as string, MAX_LOGGED_ENDPOINT_LENGTH),
        query: sanitizeQuery(values[i + 5] as string | undefined),
        status: values[i + 6] as number,
        errorCode: values[i + 7] as string | null,
        ipHash: hashIp(values[i + 8] as string | null | undefined),
        userAgent: userAgent ? cap(userAgent, MAX_LOGGED_USER_AGENT_LENGTH) : null,
      });
    }
    return rows;
  }

  function settled(): Promise<void> {
    return Promise.all(inFlight).then(() => undefined);
  }

  function write(): Promise<void> {
    cancel?.();
    cancel = null;
    if (dropped > 0) {
      onError(
        new KeysError('STORAGE_UNAVAILABLE', `Usage log buffer full: dropped ${dropped} log rows`),
      );
      dropped = 0;
    }
    if (used === 0) return settled();
    const batch = buffer;
    const count = used;
    buffer = new Array(capacity);
    used = 0;
    // Build and hand over in one go; a failure (building or writing) loses this batch only.
    const done = Promise.resolve()
      .then(() => storage.appendUsageLogs(toRows(batch, count)))
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    return settled();
  }

  return {
    record(at, keyId, accountId, method, path, query, status, errorCode, ip, userAgent) {
      if (used >= maxValues) {
        dropped++;
        return;
      }
      const i = used;
      buffer[i] = at;
      buffer[i + 1] = keyId;
      buffer[i + 2] = accountId;
      buffer[i + 3] = method;
      buffer[i + 4] = path;
      buffer[i + 5] = query;
      buffer[i + 6] = status;
      buffer[i + 7] = errorCode;
      buffer[i + 8] = ip;
      buffer[i + 9] = userAgent;
      used = i + STRIDE;
      if (used >= capacity && inFlight.size < 4) {
        void write();
      } else if (cancel === null) {
        cancel = schedule(() => {
          cancel = null;
          void write();
        }, flushIntervalMs);
      }
    },
    flush: write,
    close: write,
  };
}
