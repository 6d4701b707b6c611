/**
 * `pnpm start`: the demo on http://localhost:3000 (PORT, HOST), SQLite in apps/demo/.data by
 * default, PostgreSQL when DATABASE_URL is set. Request logs older than
 * KEYS_LOG_RETENTION_DAYS (default 30) are purged at start and hourly. Ctrl-C (SIGINT) or
 * SIGTERM stops it cleanly, flushing last-used stamps and usage logs before the storage closes.
 */
import { DEMO_LIMITS, describeLimits } from './demo-limits.js';
import { startDemo } from './listen.js';
import { logRetentionMsFromEnv } from './retention.js';
import { openStorage } from './storage.js';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}
const host = process.env.HOST || 'localhost';
let logRetentionMs: number;
try {
  logRetentionMs = logRetentionMsFromEnv(process.env.KEYS_LOG_RETENTION_DAYS);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const retentionDays = logRetentionMs / 86_400_000;

const { storage, description } = await openStorage({
  databaseUrl: process.env.DATABASE_URL,
  databaseSchema: process.env.DATABASE_SCHEMA,
  sqlitePath: process.env.KEYS_DEMO_SQLITE,
});
const running = await startDemo({
  storage,
  port,
  host,
  limits: DEMO_LIMITS,
  keys: {
    logRetentionMs,
    onError: (error) => console.error('[demo] background write failed:', error),
  },
  logPurge: {
    onPurged: (count) => {
      if (count > 0)
        console.log(`[demo] purged ${count} request logs older than ${retentionDays} days`);
    },
  },
}).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${port} is in use: stop the other server or run with PORT=3001 pnpm start`
      : error,
  );
  process.exit(1);
});

console.log(`\n  BabySea Keys demo running at ${running.url}\n`);
console.log(`  storage    ${description}`);
console.log(`  logs kept  ${retentionDays} days (KEYS_LOG_RETENTION_DAYS), purged hourly`);
console.log(`  dashboard  ${running.url}/`);
console.log(`  API        ${running.url}/v1/status  (Authorization: Bearer <key>)`);
console.log(`  limits     ${describeLimits(DEMO_LIMITS)}`);
console.log('\n  Press Ctrl-C to stop.\n');

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    console.log('Forced exit.');
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${signal}: stopping (flushing last-used stamps and request logs)…`);
  try {
    await running.close();
    console.log('Stopped cleanly.');
    process.exit(0);
  } catch (error) {
    console.error('Shutdown failed:', error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
