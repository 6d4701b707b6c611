/**
 * Test support (never part of the package entry): finds the Redis server of the tests.
 *
 * - `KEYS_TEST_REDIS_URL` names the server; unset, `redis://127.0.0.1:6379` is tried.
 * - In CI (`CI=true`), or when the variable is set, an unreachable server fails the run loudly.
 * - Otherwise an unreachable default skips the Redis tests with one line saying so.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<unknown> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error;
  } finally {
    client.disconnect();
  }
}

/** The URL of the test server, or `null` (after printing why) when the tests should skip. */
export async function testRedisUrl(
  env: Record<string, string | undefined> = process.env,
  fallback = DEFAULT_TEST_REDIS_URL,
): Promise<string | null> {
  const given = env.KEYS_TEST_REDIS_URL;
  const url = given || fallback;
  const error = await reachable(url);
  if (error === null) return url;
  const why = error instanceof Error ? error.message : String(error);
  if (env.CI === 'true' || given) {
    throw new Error(
      `Redis tests need a server: ${url} did not answer (${why}). ` +
        'Start it, or point KEYS_TEST_REDIS_URL at one.',
    );
  }
  console.warn(
    `[keys-redis] SKIPPING Redis tests: no server at ${url} (${why}). ` +
      'Set KEYS_TEST_REDIS_URL to run them.',
  );
  return null;
}

/** A fresh key prefix, so that tests and concurrent runs never share a counter. */
export function testPrefix(): string {
  return `keys-test:${randomBytes(6).toString('hex')}:`;
}
