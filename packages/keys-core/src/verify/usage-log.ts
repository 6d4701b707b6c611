/**
 * Usage logs (PRODUCT.md §8) written in batches off the request path. A request only stores
 * its raw facts (a {@link UsageEvent}'s fields) into a preallocated, reused buffer (no object,
 * no allocation per request); ids, IP hashes and query sanitizing happen when a batch is built
 * (every `flushIntervalMs`, or as soon as `batchSize` rows wait), and the storage write is
 * never awaited by a request. The raw IP lives only in that buffer, cleared once its rows are
 * built, never in storage.
 *
 * Every event is also counted by the usage counters. A row that cannot be stored (the buffer
 * is full because storage is slower than traffic, or its batch's write failed) is counted
 * there as "not itemised": the logs may miss requests, the counts never do.
 */
import { KeysError } from '../errors/keys-error.js';
import { BASE62_ALPHABET } from '../secret/base62.js';
import { createKeyRedactor } from '../secret/key-redactor.js';
import { randomBase62 } from '../secret/random.js';
import type { StorageAdapter } from '../storage/adapter.js';
import type { UsageLog, UsageOutcome } from '../types.js';
import { createIpHasher, type IpHasher } from './ip-hash.js';
import { createQuerySanitizer } from './query.js';
import type { Scheduler } from './scheduler.js';
import type { UsageCounters } from './usage-counters.js';
import type { UsageEvent } from './usage-event.js';

/** Longest user agent kept in a log row. */
export const MAX_LOGGED_USER_AGENT_LENGTH = 256;
/** Longest endpoint kept in a log row. */
export const MAX_LOGGED_ENDPOINT_LENGTH = 512;

/** Longest text scanned for keys in one logged field (the stored caps are far below). */
const MAX_SCANNED_LENGTH = 8192;

/** Where each fact of a buffered row sits in its stride (time and status: typed arrays). */
const F_KEY = 0;
const F_ACCOUNT = 1;
const F_METHOD = 2;
const F_PATH = 3;
const F_QUERY = 4;
const F_CODE = 5;
const F_IP = 6;
const F_AGENT = 7;
const F_OUTCOME = 8;
/** Facts per buffered row. */
const STRIDE = 9;
/** Row counters kept as ready-made strings (a default batch uses 256). */
const SUFFIX_TABLE_SIZE = 1024;

export interface UsageLogWriter {
  /**
   * Counts one request and buffers its row (copied: `event` may be reused); never throws,
   * never awaits, allocates no object.
   */
  record(event: UsageEvent): void;
  /** Writes what is buffered; resolves when every write started so far has settled. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface UsageLogWriterOptions {
  storage: Pick<StorageAdapter, 'appendUsageLogs'>;
  /** Where every event is counted, itemised or not. */
  counters: UsageCounters;
  keyPrefix: string;
  schedule: Scheduler;
  onError: (error: unknown) => void;
  /**
   * Keys the logged IP hashes. Until its secret is loaded, rows wait in the buffer.
   * @default a secret of this writer alone (tests)
   */
  ipHasher?: IpHasher;
  /** @default 1000 */
  flushIntervalMs?: number;
  /** @default 256 */
  batchSize?: number;
  /**
   * Rows kept waiting while writes are slow; beyond it new rows are not kept (they are still
   * counted, as not itemised, and reported) rather than growing memory without bound.
   * @default 10000
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

// Built once: four string concatenations per row cost more than the rest of its id.
const SUFFIXES: readonly string[] = Array.from({ length: SUFFIX_TABLE_SIZE }, (_, n) => counter(n));

function suffix(n: number): string {
  return n < SUFFIX_TABLE_SIZE ? SUFFIXES[n]! : counter(n);
}

/** Never equal to a fact: the "no previous row" marker of `toRows`. */
const NONE = Symbol('none');

function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * The buffered rows: the string facts of row `r` at `facts[r * STRIDE…]`, its time and status
 * in typed arrays, so that recording a row stores ten values and boxes none (an epoch-ms time
 * is not a small integer: in a plain array it costs a heap number). Statuses are HTTP codes,
 * which fit 16 bits.
 */
interface Batch {
  facts: unknown[];
  times: Float64Array;
  statuses: Uint16Array;
  rows: number;
}

/** The outcome of each buffered row (kept beside its built rows, for a failed write). */
function outcomesOf({ facts, rows }: Batch): UsageOutcome[] {
  const outcomes: UsageOutcome[] = new Array(rows);
  for (let r = 0; r < rows; r++) outcomes[r] = facts[r * STRIDE + F_OUTCOME] as UsageOutcome;
  return outcomes;
}

function newBatch(rows: number): Batch {
  return {
    facts: new Array(rows * STRIDE),
    times: new Float64Array(rows),
    statuses: new Uint16Array(rows),
    rows: 0,
  };
}

/** The batch with room for `rows` rows (rare: only while writes are slow), values kept. */
function grown(batch: Batch, rows: number): Batch {
  const times = new Float64Array(rows);
  times.set(batch.times);
  const statuses = new Uint16Array(rows);
  statuses.set(batch.statuses);
  return { facts: batch.facts, times, statuses, rows: batch.rows };
}

export function createUsageLogWriter(options: UsageLogWriterOptions): UsageLogWriter {
  const { storage, counters, keyPrefix, schedule, onError } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 256;
  const maxRows = options.maxBuffered ?? 10_000;
  const sanitizeQuery = createQuerySanitizer(keyPrefix);
  // Keys anywhere in the request's text are redacted before the row is buffered, so a secret
  // never sits in memory waiting for a write, let alone in storage (a one-test no-op on text
  // that cannot hold one).
  const redactKeys = createKeyRedactor(keyPrefix);
  // Logged fields are capped at a few hundred characters; the scan reads at most this many,
  // so an oversized header cannot make redaction dear. A key that starts before the cap is
  // found even when spelled in four layers of percent-encoding (9 characters per character).
  const redact = (text: string) =>
    redactKeys(text.length > MAX_SCANNED_LENGTH ? text.slice(0, MAX_SCANNED_LENGTH) : text);
  const ipHasher =
    options.ipHasher ??
    createIpHasher({ storage: {}, secret: randomBase62(43), onError: () => undefined });
  // Sized for a whole batch up front and reused: no allocation while requests fill it.
  let batch = newBatch(batchSize);
  let dropped = 0;
  let cancel: (() => void) | null = null;
  const inFlight = new Set<Promise<void>>();
  const hashIp = (ip: string | null | undefined) => ipHasher.hash(ip);

  function toRows({ facts, times, statuses, rows: count }: Batch): UsageLog[] {
    // Ids are `log_` + 24 base62 characters like every id: 20 random ones per batch (~119
    // bits) and a 4-character counter, unique without a CSPRNG draw per row (which costs
    // more than building the rest of the row).
    const base = `log_${randomBase62(20)}`;
    const rows: UsageLog[] = new Array(count);
    // Consecutive rows mostly share their client and query: reuse the last answer (the same
    // string gives the same result; these locals die with the batch, so nothing outlives it).
    let lastIp: unknown = NONE;
    let lastIpHash = '';
    let lastQuery: unknown = NONE;
    let lastSanitized = '';
    for (let r = 0; r < count; r++) {
      const i = r * STRIDE;
      const ip = facts[i + F_IP] as string | null | undefined;
      if (ip !== lastIp) {
        lastIp = ip;
        lastIpHash = hashIp(ip);
      }
      const query = facts[i + F_QUERY] as string | undefined;
      if (query !== lastQuery) {
        lastQuery = query;
        lastSanitized = sanitizeQuery(query);
      }
      const userAgent = facts[i + F_AGENT] as string | null | undefined;
      rows[r] = {
        id: base + suffix(r),
        keyId: facts[i + F_KEY] as string,
        accountId: facts[i + F_ACCOUNT] as string,
        at: times[r]!,
        method: facts[i + F_METHOD] as string,
        endpoint: cap(facts[i + F_PATH] as string, MAX_LOGGED_ENDPOINT_LENGTH),
        query: lastSanitized,
        status: statuses[r]!,
        errorCode: facts[i + F_CODE] as string | null,
        ipHash: lastIpHash,
        userAgent: userAgent ? cap(userAgent, MAX_LOGGED_USER_AGENT_LENGTH) : null,
      };
    }
    return rows;
  }

  function settled(): Promise<void> {
    return Promise.all(inFlight).then(() => undefined);
  }

  /**
   * Builds the buffered rows and starts their write. The rows are built now, not in a
   * microtask: a request's own continuation runs after such a microtask anyway, and building
   * now lets the one buffer be reused (a fresh batch of typed arrays per write costs more than
   * building its rows).
   */
  function write(): void {
    if (dropped > 0) {
      onError(
        new KeysError(
          'STORAGE_UNAVAILABLE',
          `Usage log buffer full: ${dropped} requests counted but not itemised`,
        ),
      );
      dropped = 0;
    }
    const count = batch.rows;
    if (count === 0) return;
    if (!ipHasher.ready) {
      // No row is written with an unkeyed hash: they wait until the secret is known.
      ipHasher.load().then(write, onError);
      return;
    }
    let rows: UsageLog[];
    let outcomes: UsageOutcome[];
    try {
      outcomes = outcomesOf(batch);
      rows = toRows(batch);
    } catch (error) {
      // A failure (building or writing) loses this batch's rows only; they stay counted.
      onError(error);
      return;
    } finally {
      batch.rows = 0;
      // The raw facts (client IPs among them) are not kept past their rows.
      batch.facts.fill(undefined, 0, count * STRIDE);
    }
    const done = Promise.resolve()
      .then(() => storage.appendUsageLogs(rows))
      .then(
        () => undefined,
        (error: unknown) => {
          notItemised(rows, outcomes);
          onError(error);
        },
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }

  /** Counts the rows of a failed write as not itemised, one counter per key, minute and code. */
  function notItemised(rows: UsageLog[], outcomes: UsageOutcome[]): void {
    const lost = new Map<string, { row: UsageLog; outcome: UsageOutcome; n: number }>();
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const outcome = outcomes[r]!;
      const id = `${row.keyId} ${Math.floor(row.at / 60_000)} ${outcome} ${row.errorCode}`;
      const group = lost.get(id);
      if (group === undefined) lost.set(id, { row, outcome, n: 1 });
      else group.n++;
    }
    for (const { row, outcome, n } of lost.values()) {
      counters.notItemised(row.keyId, row.accountId, row.at, outcome, row.errorCode, n);
    }
  }

  /** Writes what is buffered now (the timer's job, done early); resolves when all settled. */
  function flush(): Promise<void> {
    cancel?.();
    cancel = null;
    if (!ipHasher.ready && batch.rows > 0) {
      return ipHasher.load().then(flush, (error: unknown) => {
        // The rows stay buffered for the next write; the failure is reported.
        onError(error);
        return settled();
      });
    }
    write();
    return settled();
  }

  return {
    record(event) {
      let b = batch;
      const r = b.rows;
      const { at, keyId, accountId, status, code, outcome } = event;
      if (r >= maxRows) {
        counters.count(keyId, accountId, at, outcome, code, false);
        dropped++;
        return;
      }
      counters.count(keyId, accountId, at, outcome, code, true);
      // Past a batch only while four writes are still in flight (see below).
      if (r === b.times.length) batch = b = grown(b, Math.min(maxRows, Math.max(16, r * 2)));
      b.times[r] = at;
      b.statuses[r] = status;
      const facts = b.facts;
      const i = r * STRIDE;
      facts[i + F_KEY] = keyId;
      facts[i + F_ACCOUNT] = accountId;
      facts[i + F_METHOD] = redact(event.method);
      facts[i + F_PATH] = redact(event.path);
      facts[i + F_QUERY] = event.query ? redact(event.query) : event.query;
      facts[i + F_CODE] = code;
      facts[i + F_IP] = event.ip;
      facts[i + F_AGENT] = event.userAgent ? redact(event.userAgent) : event.userAgent;
      facts[i + F_OUTCOME] = outcome;
      b.rows = r + 1;
      // A full batch is written at once; the timer (one per interval, left running: a timer
      // cancelled and set again per batch costs more than the batch's rows) writes the rest.
      if (r + 1 >= batchSize && inFlight.size < 4) {
        write();
      } else if (cancel === null) {
        cancel = schedule(() => {
          cancel = null;
          write();
        }, flushIntervalMs);
      }
    },
    flush,
    close: flush,
  };
}
