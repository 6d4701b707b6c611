/**
 * Usage logs (PRODUCT.md §8) written in batches off the request path. A request only pushes
 * the raw facts onto a buffer; ids, IP hashes and query sanitizing happen when a batch is
 * written (every `flushIntervalMs`, or as soon as `batchSize` rows wait), so the request pays
 * for none of it and the raw IP lives only in memory until then, never in storage.
 */

import { normalizeIp } from '../allowlist/index.js';
import { KeysError } from '../errors/keys-error.js';
import { sha256Hex } from '../secret/hash.js';
import { randomId } from '../secret/random.js';
import type { StorageAdapter } from '../storage/adapter.js';
import type { UsageLog } from '../types.js';
import { sanitizeQuery } from './query.js';
import type { Scheduler } from './scheduler.js';

/** Longest user agent kept in a log row. */
export const MAX_LOGGED_USER_AGENT_LENGTH = 256;
/** Longest endpoint kept in a log row. */
export const MAX_LOGGED_ENDPOINT_LENGTH = 512;

/** The facts of one guarded request, as recorded on the request path. */
export interface UsageFacts {
  at: number;
  keyId: string;
  accountId: string;
  method: string;
  path: string;
  query: string | undefined;
  status: number;
  errorCode: string | null;
  ip: string | null | undefined;
  userAgent: string | null | undefined;
}

export interface UsageLogWriter {
  /** Buffers one row; never throws, never awaits. */
  record(facts: UsageFacts): void;
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

function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

export function createUsageLogWriter(options: UsageLogWriterOptions): UsageLogWriter {
  const { storage, keyPrefix, schedule, onError } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 256;
  const maxBuffered = options.maxBuffered ?? 10_000;
  // Hashing the same client address over and over is the common case (one caller, many calls).
  const ipHashes = new Map<string, string>();
  let buffer: UsageFacts[] = [];
  let dropped = 0;
  let cancel: (() => void) | null = null;
  const inFlight = new Set<Promise<void>>();

  function hashIp(ip: string | null | undefined): string {
    const text = ip ? (normalizeIp(ip) ?? ip) : '';
    let hash = ipHashes.get(text);
    if (hash === undefined) {
      if (ipHashes.size >= 1024) ipHashes.clear();
      hash = sha256Hex(text);
      ipHashes.set(text, hash);
    }
    return hash;
  }

  function toRow(facts: UsageFacts): UsageLog {
    return {
      id: randomId('log'),
      keyId: facts.keyId,
      accountId: facts.accountId,
      at: facts.at,
      method: facts.method,
      endpoint: cap(facts.path, MAX_LOGGED_ENDPOINT_LENGTH),
      query: sanitizeQuery(facts.query, keyPrefix),
      status: facts.status,
      errorCode: facts.errorCode,
      ipHash: hashIp(facts.ip),
      userAgent: facts.userAgent ? cap(facts.userAgent, MAX_LOGGED_USER_AGENT_LENGTH) : null,
    };
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
    if (buffer.length === 0) return settled();
    const batch = buffer;
    buffer = [];
    // Build and hand over in one go; a failure (building or writing) loses this batch only.
    const done = Promise.resolve()
      .then(() => storage.appendUsageLogs(batch.map(toRow)))
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    return settled();
  }

  return {
    record(facts) {
      if (buffer.length >= maxBuffered) {
        dropped++;
        return;
      }
      buffer.push(facts);
      if (buffer.length >= batchSize && inFlight.size < 4) {
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
