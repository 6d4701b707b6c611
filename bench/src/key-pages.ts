/**
 * `pnpm bench key-pages`: the keys page at scale. One account holds 10,000 keys; the engine's
 * first page (`keys.listPage`, 50 keys, with its total) is timed for each sort and for a status
 * filter and a search, beside `keys.list` (every key of the account, the seed's only read) in
 * the same run. Medians of ROUNDS calls after one warm-up, on SQLite (a file) and PostgreSQL.
 * Goal (issue 13): the first page in ≤ 20 ms on SQLite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import {
  createKeys,
  type Keys,
  type ListKeysPageInput,
  randomId,
  type StoredKey,
  sha256Hex,
} from '@babysea/keys-core';
import { postgresTarget, sqliteTarget, type Target } from './storage.js';

const KEY_COUNT = 10_000;
const ROUNDS = 15;
const ACCOUNT = 'acct_pages';
const actor = { userId: 'user_bench', role: 'owner' } as const;
const T0 = Date.UTC(2030, 0, 1);

function storedKey(i: number): StoredKey {
  return {
    id: randomId('key'),
    accountId: ACCOUNT,
    name: `worker-${randomBytes(4).toString('hex')}-${i}`,
    hash: sha256Hex(randomBytes(32).toString('hex')),
    prefix: `bye_${randomBytes(3).toString('hex').slice(0, 5)}`,
    scopes: ['health:read'],
    preset: 'monitor-only',
    allowlist: [],
    createdAt: T0 + i,
    createdBy: 'user_bench',
    expiresAt: i % 10 === 0 ? T0 + 1000 : null,
    lastUsedAt: i % 3 === 0 ? null : T0 + ((i * 7919) % KEY_COUNT),
    revokedAt: i % 17 === 0 ? T0 + i : null,
    rotatedAt: null,
    graceEndsAt: null,
    replacedBy: null,
    rotatedFrom: null,
    version: 1,
  };
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const CASES: { label: string; input: Partial<ListKeysPageInput> }[] = [
  { label: 'first page, newest first', input: {} },
  { label: 'first page, by name', input: { sort: 'name' } },
  { label: 'first page, by last used', input: { sort: 'lastUsed' } },
  { label: 'first page, status Active', input: { status: 'Active' } },
  { label: "first page, search 'ab'", input: { search: 'ab' } },
];

async function measureTarget(target: Target): Promise<void> {
  for (let i = 0; i < KEY_COUNT; i++) {
    const key = storedKey(i);
    await target.storage.insertKey(key, {
      id: randomId('evt'),
      accountId: ACCOUNT,
      type: 'api_key.created',
      at: key.createdAt,
      actorId: 'user_bench',
      actorRole: 'owner',
      keyId: key.id,
      keyPrefix: key.prefix,
      keyName: key.name,
      data: {},
    });
  }
  const keys: Keys = createKeys({ storage: target.storage, clock: () => T0 + 2000 });
  const all = await median(() => keys.list({ accountId: ACCOUNT, actor }));
  console.log(`| ${target.name} | keys.list (all ${KEY_COUNT}) | ${all.toFixed(2)} | 1.00 |`);
  for (const { label, input } of CASES) {
    const ms = await median(() =>
      keys.listPage({ accountId: ACCOUNT, actor, limit: 50, ...input }),
    );
    console.log(
      `| ${target.name} | ${label} (50 + total) | ${ms.toFixed(2)} | ${(ms / all).toFixed(3)} |`,
    );
  }
  await keys.close();
}

export async function run(): Promise<void> {
  console.log(`\n## Key pages: ${KEY_COUNT} keys in one account, median of ${ROUNDS} calls (ms)\n`);
  console.log('| storage | read | median ms | ratio to keys.list |');
  console.log('|---|---|---:|---:|');
  const sqlite = sqliteTarget();
  try {
    await measureTarget(sqlite);
  } finally {
    await sqlite.release();
  }
  const postgres = await postgresTarget();
  if (typeof postgres === 'string') {
    console.log(postgres);
    return;
  }
  try {
    await measureTarget(postgres);
  } finally {
    await postgres.release();
  }
}
