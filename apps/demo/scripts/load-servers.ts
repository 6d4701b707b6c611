/**
 * The servers of `pnpm bench demo-load` (bench/src/demo-load.ts spawns this file): the demo's
 * `/v1` routes behind the verifier (SQLite, usage logs and last-used on, exactly as `pnpm
 * start` serves them) and the very same routes with a fixed caller instead of the verifier,
 * both on 127.0.0.1. Prints `{ guarded, unguarded, secret }` as one JSON line, then serves
 * until its stdin closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage } from '@babysea/keys-sqlite';
import { serve } from '@hono/node-server';
import { createDemoApp, createDemoServer } from '../server/demo-server.js';
import { DEMO_ACCOUNT_ID } from '../server/session.js';
import { createGenerationStore } from '../server/v1/generations.js';

const dir = mkdtempSync(join(tmpdir(), 'demo-load-'));
const demo = createDemoServer({
  storage: createSqliteStorage({ database: join(dir, 'keys.db') }),
  clientDir: dir,
});
const { key, secret } = await demo.keys.create({
  accountId: DEMO_ACCOUNT_ID,
  actor: { userId: 'usr_bench', role: 'owner' },
  name: 'bench',
  preset: 'full-access',
});

// The same app, keys and routes, with a fixed caller where the verifier was.
const bare = createDemoApp({
  keys: demo.keys,
  clock: Date.now,
  generations: createGenerationStore(),
  clientDir: dir,
  guard: async (c, next) => {
    c.set('apiKey', { ...key, status: 'Active' });
    c.set('apiKeyScope', 'account:read');
    await next();
  },
});

function listen(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, port: info.port }),
    );
  });
}

const guarded = await listen(demo.app.fetch);
const unguarded = await listen(bare.fetch);
process.stdout.write(
  `${JSON.stringify({
    guarded: `http://127.0.0.1:${guarded.port}/v1/status`,
    unguarded: `http://127.0.0.1:${unguarded.port}/v1/status`,
    secret,
  })}\n`,
);

// The bench asks for our CPU time around each round (its requests per second move with the
// machine's load; CPU per request barely does).
process.on('message', () => process.send?.(process.cpuUsage()));

process.stdin.resume();
process.stdin.once('end', async () => {
  process.disconnect?.();
  for (const { server } of [guarded, unguarded]) {
    server.close();
    if ('closeAllConnections' in server) server.closeAllConnections();
  }
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
