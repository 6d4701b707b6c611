/**
 * `pnpm bench primitives`: the per-request building blocks of keys-core beside one bare
 * SHA-256 of a key (Node's one-shot `crypto.hash`), measured in the same run: key generation,
 * parse + hash, client-IP parsing, allowlist matching against 50 mixed entries (worst case: a
 * miss, which scans every range), and route matching.
 */
import { hash } from 'node:crypto';
// Deep imports: these primitives are measured on their own, not only through the public root.
import {
  compileAllowlist,
  parseClientIp,
  parseIpAllowlist,
} from '../../packages/keys-core/src/allowlist/index.js';
import { compilePolicy } from '../../packages/keys-core/src/policy/index.js';
import {
  generateKey,
  hashKey,
  parseKey,
  sha256HexPortable,
} from '../../packages/keys-core/src/secret/index.js';
import { type Measurement, measure, printTable } from './harness.js';

const DURATION_MS = 1000;

/** 50 entries: 20 IPv4 addresses, 15 IPv4 ranges, 10 IPv6 ranges, 5 IPv6 addresses. */
function fiftyEntries(): string[] {
  const text = [
    ...Array.from({ length: 20 }, (_, i) => `192.0.2.${i + 1}`),
    ...Array.from({ length: 15 }, (_, i) => `10.${i}.0.0/16`),
    ...Array.from({ length: 10 }, (_, i) => `2001:db8:${i.toString(16)}::/48`),
    ...Array.from({ length: 5 }, (_, i) => `2001:db8:ff::${i + 1}`),
  ];
  const parsed = parseIpAllowlist(text);
  if (!parsed.ok || parsed.value.length !== 50) throw new Error('bench allowlist did not parse');
  return parsed.value;
}

export async function run(): Promise<void> {
  const key = generateKey();
  const matcher = compileAllowlist(fiftyEntries());
  const missV4 = parseClientIp('198.51.100.77');
  const missV6 = parseClientIp('2001:db9::77');
  if (matcher.matches(missV4) || matcher.matches(missV6)) throw new Error('expected misses');
  const policy = compilePolicy();
  let sink = 0;

  const fast = { durationMs: DURATION_MS, batch: 64 };
  const baseline = await measure(
    'sha256 (crypto.hash)',
    () => {
      sink += hash('sha256', key, 'hex').length;
    },
    fast,
  );
  const rows: Measurement[] = [baseline];
  rows.push(await measure('generateKey', () => (sink += generateKey().length), fast));
  rows.push(
    await measure(
      'parseKey + hashKey',
      () => {
        if (parseKey(key).ok) sink += hashKey(key).length;
      },
      fast,
    ),
  );
  rows.push(
    await measure('sha256 (@noble/hashes)', () => (sink += sha256HexPortable(key).length), fast),
  );
  rows.push(
    await measure('parseClientIp v4', () => (sink += parseClientIp('203.0.113.10')!.kind), fast),
  );
  rows.push(
    await measure(
      'parseClientIp v6',
      () => (sink += parseClientIp('2001:db8:85a3::8a2e:370:7334')!.kind),
      fast,
    ),
  );
  rows.push(
    await measure('allowlist 50, miss v4', () => (sink += matcher.matches(missV4) ? 1 : 0), fast),
  );
  rows.push(
    await measure('allowlist 50, miss v6', () => (sink += matcher.matches(missV6) ? 1 : 0), fast),
  );
  rows.push(
    await measure(
      'parseClientIp + match v6',
      () => (sink += matcher.matches(parseClientIp('2001:db9::77')) ? 1 : 0),
      fast,
    ),
  );
  rows.push(
    await measure(
      'matchRoute literal',
      () => (sink += policy.matchRoute('GET', '/v1/status') ? 1 : 0),
      fast,
    ),
  );
  rows.push(
    await measure(
      'matchRoute {model_identifier}',
      () => (sink += policy.matchRoute('POST', '/v1/generate/image/bfl/flux-schnell') ? 1 : 0),
      fast,
    ),
  );
  if (sink === 0) throw new Error('benchmark produced nothing');
  printTable('primitives (ns/op; ratio = throughput vs one bare SHA-256 of a key)', rows, baseline);
}
