/**
 * Revocation latency between two processes on one SQLite file: this process revokes a key,
 * another (test-fixtures/feed-process.ts) reports when its change feed delivered it. Prints the
 * median and the worst of `ROUNDS` revocations, with the poll interval in use.
 *
 *   node --conditions=@babysea/source --import tsx scripts/revocation-latency.ts [rounds] [pollMs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeys } from '@babysea/keys-core';
import { createSqliteStorage } from '../src/sqlite-storage.js';
import { startFeedProcess } from '../src/test-fixtures/child.js';

const rounds = Number(process.argv[2] ?? 50);
const pollMs = Number(process.argv[3] ?? 250);
const dir = mkdtempSync(join(tmpdir(), 'keys-latency-'));
const file = join(dir, 'keys.db');
const storage = createSqliteStorage({ database: file });
const keys = createKeys({ storage });
const actor = { userId: 'user_owner', role: 'owner' } as const;
const other = await startFeedProcess(file, pollMs);
other.send('watch');
await other.next((message) => message.watching === true);

const latencies: number[] = [];
for (let round = 0; round < rounds; round++) {
  const { key } = await keys.create({
    accountId: 'acct',
    actor,
    name: `k${round}`,
    preset: 'full-access',
  });
  // A random phase against the other process's poll timer, as real revocations have.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * pollMs));
  const start = performance.timeOrigin + performance.now();
  await keys.revoke({ accountId: 'acct', actor, keyId: key.id });
  const seen = await other.next(
    (message) => message.change === 'revoked' && message.keyId === key.id,
  );
  latencies.push((seen.at as number) - start);
}
await other.stop();
await keys.close();
storage.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const median = (latencies[(rounds - 1) >> 1]! + latencies[rounds >> 1]!) / 2;
console.log(
  `revocation latency between two processes, ${rounds} revocations, changePollMs ${pollMs}: ` +
    `median ${median.toFixed(1)} ms, worst ${latencies[rounds - 1]!.toFixed(1)} ms, best ${latencies[0]!.toFixed(1)} ms`,
);
