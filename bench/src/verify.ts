/**
 * `pnpm bench verify`: what one verification costs, beside the floor (one SHA-256 of a key +
 * one Map lookup) and beside better-auth's API-key plugin doing the same job, in one run.
 *
 * - warm: the key's record is in the verifier's cache (the steady state of a busy API); every
 *   check still runs (header, form + checksum, hash, status from the clock, IP, route, scope)
 *   and the usage-log row and last-used stamp are recorded.
 * - cold: `cache: { ttlMs: 0 }`, so every call reads the memory adapter (`findKeyByHash`,
 *   which copies the record) and compiles what it needs from it: the cost without a cache.
 * - better-auth 1.7.5 + @better-auth/api-key on its memory adapter, rate limit off (its
 *   default of 10 requests per key per day would make this a benchmark of refusals),
 *   `auth.api.verifyApiKey({ body: { key } })` on a key made with `auth.api.createApiKey`.
 *
 * Every case counts its successes and fails loudly if any call was refused. Each case runs
 * three rounds (ours interleaved with the floor) and keeps its best (highest throughput), so
 * that a neighbour process stealing the CPU for a moment skews no case more than another.
 *
 * Like for like with the floor: the same key length (42 characters, checked), the same hash
 * (`crypto.hash('sha256', key, 'hex')`, which `sha256Hex` calls on Node), the same batches of
 * 64 calls per sample and the same warm-up. `keys.verify` returns a promise and the harness
 * awaits every call, as any caller must; that await is part of its cost and stays measured.
 * The floor is therefore shown twice: bare (nothing to await, issue 6's literal floor) and
 * awaited (the same work handed back as a settled promise and awaited the same way, the like
 * for like comparison). The ≥ 0.5× target is printed against both.
 *
 * The memory adapter's `appendUsageLogs` is replaced with a counter: a million log rows
 * would otherwise fill the heap and make the later rows slower than the first. The rows are
 * still built (id, IP hash, sanitized query) and handed over in batches, as in production.
 */

import { createKeys, type Keys, type StorageAdapter, type VerifyInput } from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { FLOOR_KEY_LENGTH, measureFloor, measureFloorAwaited, WARMUP_CALLS } from './floor.js';
import { type Measurement, measure, printTable } from './harness.js';

const DURATION_MS = 1000;
const ACCOUNT = 'acct_bench';
const OWNER = { userId: 'user_bench', role: 'owner' as const };

/** What a bench engine's usage logs said: rows in all, and rows of admitted requests. */
interface LogCounts {
  rows: number;
  admitted: number;
}

/** Memory storage whose usage-log writes are counted, not kept (see the file comment). */
function benchStorage(): { storage: StorageAdapter; logged: LogCounts } {
  const storage = createMemoryStorage();
  const logged: LogCounts = { rows: 0, admitted: 0 };
  storage.appendUsageLogs = async (logs) => {
    logged.rows += logs.length;
    for (const log of logs) if (log.status === 200 && log.errorCode === null) logged.admitted++;
  };
  return { storage, logged };
}

async function engineWithKey(
  cache: { ttlMs?: number },
  allowlist?: string,
): Promise<{ keys: Keys; secret: string; logged: LogCounts }> {
  const { storage, logged } = benchStorage();
  const keys = createKeys({ storage, cache });
  const { secret } = await keys.create({
    accountId: ACCOUNT,
    actor: OWNER,
    name: 'bench',
    preset: 'full-access',
    ...(allowlist ? { allowlist } : {}),
  });
  return { keys, secret, logged };
}

/**
 * Measures `keys.verify(input)` and proves every call was admitted without a callback per call
 * (which would cost more than some of the steps measured): the verifier logs one usage row per
 * identified request, status 200 exactly when admitted, so after a flush the admitted rows
 * must equal the calls made (warm-up included).
 */
async function measureVerify(
  name: string,
  engine: { keys: Keys; logged: LogCounts },
  input: VerifyInput,
  batch: number,
): Promise<Measurement> {
  const warmup = WARMUP_CALLS;
  await engine.keys.flush();
  const before = engine.logged.admitted;
  const result = await measure(name, () => engine.keys.verify(input), {
    durationMs: DURATION_MS,
    batch,
    warmup,
  });
  await engine.keys.flush();
  const admitted = engine.logged.admitted - before;
  if (admitted !== result.samples + warmup) {
    throw new Error(`${name}: ${admitted} admitted of ${result.samples + warmup} calls`);
  }
  return result;
}

/** better-auth with a key of its own; returns a function measuring its verification. */
async function betterAuthVerifier(): Promise<() => Promise<Measurement>> {
  const auth = betterAuth({
    secret: 'bench-only-secret-bench-only-secret-0123456789',
    baseURL: 'http://localhost:3000',
    database: memoryAdapter({ user: [], session: [], account: [], verification: [], apikey: [] }),
    plugins: [apiKey({ rateLimit: { enabled: false } })],
    logger: { disabled: true },
    telemetry: { enabled: false },
  });
  const context = await auth.$context;
  const user = await context.internalAdapter.createUser(
    { email: 'bench@example.com', name: 'bench', emailVerified: true },
    { method: 'admin' },
  );
  const created = await auth.api.createApiKey({ body: { userId: user.id, name: 'bench' } });
  return async () => {
    let valid = 0;
    let refused = 0;
    const result = await measure(
      'better-auth verifyApiKey (memory, rate limit off)',
      async () => {
        const outcome = await auth.api.verifyApiKey({ body: { key: created.key } });
        if (outcome.valid) valid++;
        else refused++;
      },
      { durationMs: DURATION_MS, warmup: 200 },
    );
    if (refused > 0 || valid === 0) {
      throw new Error(`better-auth: ${refused} refusals, ${valid} successes`);
    }
    return result;
  };
}

/** The round with the highest throughput. */
function best(rounds: Measurement[]): Measurement {
  return rounds.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
}

function ratios(name: string, a: Measurement, b: Measurement, target?: string): string {
  const throughput = a.opsPerSec / b.opsPerSec;
  const median = b.p50us / a.p50us;
  const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));
  return `${name.padEnd(22)}${fmt(throughput)}× throughput, ${fmt(median)}× at p50${target ? ` (target ${target})` : ''}`;
}

export async function run(): Promise<void> {
  const request = (secret: string, ip = '203.0.113.10'): VerifyInput => ({
    authorization: `Bearer ${secret}`,
    ip,
    method: 'GET',
    path: '/v1/content/list',
    query: 'page=2',
    userAgent: 'bench/1.0',
  });
  const warm = await engineWithKey({});
  const allowlisted = await engineWithKey({}, '2001:db8::/32, 203.0.113.0/24');
  const cold = await engineWithKey({ ttlMs: 0 });

  if (warm.secret.length !== FLOOR_KEY_LENGTH) {
    throw new Error(
      `key of ${warm.secret.length} characters, the floor hashes ${FLOOR_KEY_LENGTH}`,
    );
  }

  const rounds: Measurement[][] = [[], [], [], [], [], []];
  for (let round = 0; round < 3; round++) {
    rounds[0]!.push(await measureFloor(DURATION_MS));
    rounds[5]!.push(await measureFloorAwaited(DURATION_MS));
    rounds[1]!.push(await measureVerify('verify warm (memory)', warm, request(warm.secret), 64));
    rounds[2]!.push(
      await measureVerify(
        'verify warm, IPv6 allowlist (memory)',
        allowlisted,
        request(allowlisted.secret, '2001:db8:0:0:1::7'),
        64,
      ),
    );
    rounds[3]!.push(
      await measureVerify('verify cold, no cache (memory)', cold, request(cold.secret), 16),
    );
  }
  for (const engine of [warm, allowlisted, cold]) await engine.keys.close();
  // better-auth last: once its endpoints have run, its AsyncLocalStorage request context
  // leaves promise hooks on for the whole process, which makes every later promise (ours
  // included) ~40% dearer. Measured before it, our rows are what an app without it sees.
  const auth = await betterAuthVerifier();
  for (let round = 0; round < 3; round++) rounds[4]!.push(await auth());
  const [floor, warmRow, allowRow, coldRow, betterAuthRow, floorAwaited] = rounds.map(best) as [
    Measurement,
    Measurement,
    Measurement,
    Measurement,
    Measurement,
    Measurement,
  ];

  printTable(
    'verify (best of 3 rounds)',
    [floor, floorAwaited, warmRow, allowRow, coldRow, betterAuthRow],
    floor,
  );
  const logged = warm.logged.rows + allowlisted.logged.rows + cold.logged.rows;
  console.log(`\n(${logged.toLocaleString('en-US')} usage-log rows built and handed to storage)\n`);
  console.log(ratios('warm vs awaited floor', warmRow, floorAwaited, '≥ 0.5×'));
  console.log(ratios('warm vs bare floor', warmRow, floor, '≥ 0.5×'));
  console.log(ratios('warm vs better-auth', warmRow, betterAuthRow, '≥ 100×'));
  console.log(ratios('cold vs better-auth', coldRow, betterAuthRow));
}
