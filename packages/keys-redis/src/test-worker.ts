/**
 * Test and benchmark support: one process sharing a limit on Redis. Started as a child
 * process; argv: url, prefix, limit, windowMs, attempts. Waits for "go" on stdin (so that all
 * processes start together), takes `attempts` requests concurrently, prints the admission
 * times (server ms) as JSON and exits.
 */
import { createRedisLimitStore } from './redis-limit-store.js';

const [url, prefix, limit, windowMs, attempts] = process.argv.slice(2);
const store = createRedisLimitStore({ connection: url, keyPrefix: prefix });
const bucket = { name: 'acct:shared', rule: { limit: Number(limit), windowMs: Number(windowMs) } };
if (store.client.status !== 'ready') {
  await new Promise((resolve) => store.client.once('ready', resolve));
}
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const admitted: number[] = [];
  const results = await Promise.all(
    Array.from({ length: Number(attempts) }, () => store.take([bucket], Date.now())),
  );
  for (const result of results) if (result.admitted) admitted.push(1);
  process.stdout.write(`${JSON.stringify({ admitted: admitted.length })}\n`);
  await store.close();
  process.exit(0);
});
