/**
 * Another app server on the same SQLite file (run by cross-process.test.ts and the latency
 * measurement through tsx). It runs an engine on the file and answers one JSON line per
 * command read on stdin:
 *
 * - `verify <secret>` → `{"verify": <ok>, "reason": ...}`
 * - `watch` → from then on, `{"change": <type>, "keyId": ..., "at": <epoch ms, fractional>}`
 *   for every change its storage's feed delivers.
 */
import { createInterface } from 'node:readline';
import { createKeys } from '@babysea/keys-core';
import { createSqliteStorage } from '../sqlite-storage.js';

const file = process.argv[2];
const pollMs = Number(process.argv[3] ?? '250');
if (!file) throw new Error('usage: feed-process.ts <database file> [changePollMs]');

const storage = createSqliteStorage({ database: file, changePollMs: pollMs });
const keys = createKeys({ storage });
const now = () => performance.timeOrigin + performance.now();

const lines = createInterface({ input: process.stdin });
console.log(JSON.stringify({ ready: true }));
for await (const line of lines) {
  const [command, argument] = line.trim().split(' ');
  if (command === 'verify') {
    const result = await keys.verify({
      authorization: `Bearer ${argument}`,
      ip: '127.0.0.1',
      method: 'GET',
      path: '/v1/status',
    });
    console.log(JSON.stringify({ verify: result.ok, reason: result.ok ? null : result.reason }));
  } else if (command === 'watch') {
    storage.subscribe((change) => {
      console.log(JSON.stringify({ change: change.type, keyId: change.keyId, at: now() }));
    });
    console.log(JSON.stringify({ watching: true }));
  } else if (command === 'exit') {
    break;
  }
}
lines.close();
await keys.close();
storage.close();
