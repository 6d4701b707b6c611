/**
 * The floor every verifier is compared with: the fastest SHA-256 of a 42-byte key this runtime
 * offers (Node's one-shot `crypto.hash`) plus one Map lookup of the digest. No verifier that
 * hashes the key and looks the digest up in a Map by its string can beat it. (keys-core's
 * cache keys its Map by 52 bits of the digest as a number and then compares the whole digest,
 * which costs less than the ~80 ns of hashing a 64-character string key: that part of the
 * floor is beatable, the SHA-256 itself is not.)
 *
 * Two forms, measured the same way as `keys.verify` (batches of 64, 2,000 warm-up calls):
 * - sync: the bare hash + lookup, returning nothing to await;
 * - awaited: the same work behind a Promise API, as `keys.verify` is: the answer is a settled
 *   promise (built once, the cheapest thing an async verifier can hand back) and the harness
 *   awaits it, as it awaits every `keys.verify`. That `await` costs the caller a microtask
 *   per call which no Promise-returning verifier can avoid; comparing verify with this form
 *   compares like with like, and the sync form stays in the table beside it.
 */
import { hash } from 'node:crypto';
import { type Measurement, measure } from './harness.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A key-shaped string (`bye_` + 38 base62 characters); not a valid key, just the same size. */
export function keyShapedString(seed: number): string {
  let body = '';
  let x = seed >>> 0 || 1;
  for (let i = 0; i < 38; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    body += ALPHABET[x % 62];
  }
  return `bye_${body}`;
}

/** Key length of the floor (`bye_` + 38), the length of a key with the default prefix. */
export const FLOOR_KEY_LENGTH = 42;
/** Warm-up calls before each measurement, the same for the floor and for verify. */
export const WARMUP_CALLS = 2000;

export async function measureFloor(durationMs = 1000): Promise<Measurement> {
  const key = keyShapedString(42);
  const table = new Map<string, { id: string }>([[hash('sha256', key, 'hex'), { id: 'key_1' }]]);
  let found = 0;
  const result = await measure(
    'floor (crypto.hash + Map.get)',
    () => {
      if (table.get(hash('sha256', key, 'hex'))) found++;
    },
    { durationMs, batch: 64, warmup: WARMUP_CALLS },
  );
  if (found === 0) throw new Error('floor lookup never hit');
  return result;
}

export async function measureFloorAwaited(durationMs = 1000): Promise<Measurement> {
  const key = keyShapedString(42);
  const record = { id: 'key_1' };
  const table = new Map<string, { id: string }>([[hash('sha256', key, 'hex'), record]]);
  const hit = Promise.resolve(record);
  const miss = Promise.resolve(undefined);
  let found = 0;
  const result = await measure(
    'floor, awaited (same + await)',
    () => {
      if (table.get(hash('sha256', key, 'hex')) === undefined) return miss;
      found++;
      return hit;
    },
    { durationMs, batch: 64, warmup: WARMUP_CALLS },
  );
  if (found === 0) throw new Error('floor lookup never hit');
  return result;
}
