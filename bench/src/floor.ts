/**
 * The floor every verifier is compared with: the fastest SHA-256 of a 42-byte key this runtime
 * offers (Node's one-shot `crypto.hash`) plus one Map lookup of the digest. No verifier that
 * hashes the key and looks it up can beat it.
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

export async function measureFloor(durationMs = 1000): Promise<Measurement> {
  const key = keyShapedString(42);
  const table = new Map<string, { id: string }>([[hash('sha256', key, 'hex'), { id: 'key_1' }]]);
  let found = 0;
  const result = await measure(
    'floor (crypto.hash + Map.get)',
    () => {
      if (table.get(hash('sha256', key, 'hex'))) found++;
    },
    { durationMs, batch: 64 },
  );
  if (found === 0) throw new Error('floor lookup never hit');
  return result;
}
