/**
 * `pnpm bench storage`: verify throughput and latency on each storage adapter (memory, SQLite
 * on a file, PostgreSQL), with the verifier's cache warm (a hit skips storage) and cold
 * (`cache: { ttlMs: 0 }`: every verification reads its key), and the adapter's lookup alone
 * (`findKeyByHash`, no verifier), beside the floor. A second table times the SQLite adapter's
 * usage-log writes alone (`appendUsageLogs` of 256-row batches, as the verifier hands them
 * over), per row: every batch on one key (one busy caller, as in `pnpm bench demo-load`) and
 * each batch spread over 100 keys (the verify rows above).
 *
 * PostgreSQL: `KEYS_TEST_DATABASE_URL`, else postgres://postgres@127.0.0.1:5432/test; a
 * throwaway schema is created and dropped. Without a server the PostgreSQL rows are skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKeys,
  randomId,
  type StorageAdapter,
  type StoredKey,
  sha256Hex,
  type UsageLog,
  type VerifyInput,
} from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { createPostgresStorage } from '@babysea/keys-postgres';
import { createSqliteStorage } from '@babysea/keys-sqlite';
import pg from 'pg';
import { measureFloor } from './floor.js';
import { type Measurement, measure, printTable } from './harness.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** Distinct keys the requests cycle through, so a lookup is not always the same row. */
const KEY_COUNT = 100;
const DURATION_MS = 1000;
/** Rows per usage-log batch: the verifier's default `batchSize`. */
const LOG_BATCH = 256;
/** Usage-log batches timed per case (rows are built beforehand, ids all distinct). */
const LOG_BATCHES = 400;

export interface Target {
  name: string;
  storage: StorageAdapter;
  release: () => Promise<void>;
}

export async function postgresTarget(): Promise<Target | string> {
  const url = process.env.KEYS_TEST_DATABASE_URL || DEFAULT_DATABASE_URL;
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3000 });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    return `skipped PostgreSQL: no server at ${url} (${(error as Error).message}); set KEYS_TEST_DATABASE_URL`;
  }
  const schema = `keys_bench_${randomBytes(6).toString('hex')}`;
  const storage = createPostgresStorage({ pool, schema });
  await storage.ready();
  return {
    name: 'postgres',
    storage,
    release: async () => {
      await storage.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

export function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'keys-bench-'));
  const storage = createSqliteStorage({ database: join(dir, 'keys.db') });
  return {
    name: 'sqlite file',
    storage,
    release: async () => {
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Verifies `GET /v1/status` round-robin over KEY_COUNT keys, with the cache warm or cold. */
async function measureVerify(target: Target, cache: 'warm' | 'cold'): Promise<Measurement> {
  const backgroundErrors: string[] = [];
  const keys = createKeys({
    storage: target.storage,
    cache: cache === 'warm' ? { ttlMs: 10 * 60_000 } : { ttlMs: 0 },
    onError: (error) => {
      backgroundErrors.push(error instanceof Error ? error.message : String(error));
    },
  });
  const actor = { userId: 'user_bench', role: 'owner' } as const;
  const accountId = `acct_bench_${cache}`;
  const requests: VerifyInput[] = [];
  for (let i = 0; i < KEY_COUNT; i++) {
    const { secret } = await keys.create({
      accountId,
      actor,
      name: `bench-${i}`,
      preset: 'full-access',
    });
    requests.push({
      authorization: `Bearer ${secret}`,
      ip: '203.0.113.10',
      method: 'GET',
      path: '/v1/status',
    });
  }
  let i = 0;
  let refused = 0;
  const result = await measure(
    `verify ${cache} (${target.name})`,
    async () => {
      const verdict = await keys.verify(requests[i++ % KEY_COUNT]!);
      if (!verdict.ok) refused++;
    },
    { durationMs: DURATION_MS, warmup: KEY_COUNT * 2 },
  );
  await keys.close();
  if (refused > 0) throw new Error(`${result.name}: ${refused} verifications refused`);
  if (backgroundErrors.length > 0) {
    console.log(`  (${result.name}: ${backgroundErrors.length} background write errors)`);
  }
  return result;
}

/** The adapter alone: `findKeyByHash` of existing keys, round-robin (no verifier, no logs). */
async function measureLookup(target: Target): Promise<Measurement> {
  const keys = createKeys({ storage: target.storage, onError: () => {} });
  const actor = { userId: 'user_bench', role: 'owner' } as const;
  const hashes: string[] = [];
  for (let i = 0; i < KEY_COUNT; i++) {
    const { secret } = await keys.create({
      accountId: 'acct_bench_lookup',
      actor,
      name: `lookup-${i}`,
      preset: 'full-access',
    });
    hashes.push(sha256Hex(secret));
  }
  await keys.close();
  let i = 0;
  let missing = 0;
  const result = await measure(
    `findKeyByHash (${target.name})`,
    async () => {
      if ((await target.storage.findKeyByHash(hashes[i++ % KEY_COUNT]!)) === null) missing++;
    },
    { durationMs: DURATION_MS, warmup: KEY_COUNT * 2 },
  );
  if (missing > 0) throw new Error(`${result.name}: ${missing} lookups found nothing`);
  return result;
}

/** Batches as the verifier builds them: one random id base per batch plus a counter. */
function logBatches(keys: StoredKey[], keysPerBatch: number, count: number): UsageLog[][] {
  const ipHash = sha256Hex('203.0.113.10');
  let at = Date.now();
  const batches: UsageLog[][] = [];
  for (let b = 0; b < count; b++) {
    const base = randomId('log').slice(0, -4);
    const rows: UsageLog[] = [];
    for (let i = 0; i < LOG_BATCH; i++) {
      const key = keys[keysPerBatch === 1 ? b % keys.length : i % keysPerBatch]!;
      rows.push({
        id: base + i.toString().padStart(4, '0'),
        keyId: key.id,
        accountId: key.accountId,
        at: at++,
        method: 'GET',
        endpoint: '/v1/status',
        query: '',
        status: 200,
        errorCode: null,
        ipHash,
        userAgent: 'curl/8.5.0',
      });
    }
    batches.push(rows);
  }
  return batches;
}

/**
 * `appendUsageLogs` alone on a fresh SQLite file, reported per row (ops/s = rows/s; ns/op, p50
 * and p99 = a batch's time over its rows). The file grows through the run, so WAL checkpoints
 * are included.
 */
async function measureLogAppend(keysPerBatch: number): Promise<Measurement> {
  const target = sqliteTarget();
  try {
    const keys = createKeys({ storage: target.storage, onError: () => {} });
    const actor = { userId: 'user_bench', role: 'owner' } as const;
    const stored: StoredKey[] = [];
    for (let i = 0; i < KEY_COUNT; i++) {
      const { key } = await keys.create({
        accountId: 'acct_bench_logs',
        actor,
        name: `logs-${i}`,
        preset: 'full-access',
      });
      const found = await target.storage.findKey(key.accountId, key.id);
      if (found) stored.push(found);
    }
    await keys.close();
    const warmup = 20;
    const batches = logBatches(stored, keysPerBatch, warmup + LOG_BATCHES);
    let next = 0;
    const perBatch = await measure(
      `appendUsageLogs per row (sqlite file, ${LOG_BATCH}-row batches, ${keysPerBatch === 1 ? '1 key' : `${keysPerBatch} keys`} each)`,
      () => target.storage.appendUsageLogs(batches[next++]!),
      { durationMs: DURATION_MS * 10, warmup, maxSamples: LOG_BATCHES },
    );
    const written = await target.storage.purgeUsageLogs(Number.MAX_SAFE_INTEGER);
    if (written !== next * LOG_BATCH) {
      throw new Error(`${perBatch.name}: ${written} rows written, ${next * LOG_BATCH} expected`);
    }
    return {
      ...perBatch,
      opsPerSec: perBatch.opsPerSec * LOG_BATCH,
      nsPerOp: perBatch.nsPerOp / LOG_BATCH,
      p50us: perBatch.p50us / LOG_BATCH,
      p99us: perBatch.p99us / LOG_BATCH,
      samples: perBatch.samples * LOG_BATCH,
    };
  } finally {
    await target.release();
  }
}

export async function run(): Promise<void> {
  const floor = await measureFloor(DURATION_MS);
  const targets: Target[] = [
    { name: 'memory', storage: createMemoryStorage(), release: async () => {} },
    sqliteTarget(),
  ];
  const postgres = await postgresTarget();
  if (typeof postgres === 'string') console.log(`\n${postgres}`);
  else targets.push(postgres);

  const rows: Measurement[] = [floor];
  try {
    for (const target of targets) {
      rows.push(await measureVerify(target, 'warm'));
      rows.push(await measureVerify(target, 'cold'));
      rows.push(await measureLookup(target));
    }
  } finally {
    for (const target of targets) await target.release();
  }
  printTable(`storage: verify (GET /v1/status, ${KEY_COUNT} keys round-robin)`, rows, floor);

  const logRows = [await measureLogAppend(1), await measureLogAppend(KEY_COUNT)];
  printTable(`storage: usage-log writes, per row (${LOG_BATCH}-row batches)`, logRows);
}
