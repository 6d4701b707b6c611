/**
 * Model-based property: caching is invisible. Over random sequences of management writes
 * (create, rotate, revoke, delete, through either of two engines on one store), clock moves,
 * change-feed start-up and requests (live, rotated, dead, unknown, malformed keys; allowed and
 * refused IPs; known, unknown and out-of-scope routes), a caching engine, a second caching
 * engine that learns of the first's writes only through the change feed, and an engine with
 * the key cache off give the same answer to every request.
 *
 * The one field allowed to differ is `key.lastUsedAt`: it is "as of the verifier's last storage
 * read" by contract (last-used writes are coalesced), so a cached record may be older.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeys } from '../lifecycle/create-keys.js';
import type { Keys } from '../lifecycle/keys-api.js';
import { generateKey } from '../secret/key.js';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { T0 } from '../testing/fixtures.js';
import type { Actor } from '../types.js';
import type { VerifyInput, VerifyResult } from './results.js';

/** Sequences tried (each up to 40 steps), reported in issue 9's closing note. */
const RUNS = 1_000;
const ACCOUNT = 'acct_property';
const OWNER: Actor = { userId: 'user_owner', role: 'owner' };
const HOUR = 3_600_000;

const presets = ['full-access', 'generate-only', 'read-only', 'monitor-only'];
const allowlists = ['', '203.0.113.0/24', '2001:db8::1, 198.51.100.1'];
const ips = ['203.0.113.7', '198.51.100.1', '2001:db8::1', '192.0.2.1', 'not-an-ip', null];
const requests: Array<[string, string]> = [
  ['GET', '/v1/status'],
  ['GET', '/v1/content/list'],
  ['GET', '/v1/content/gen_123'],
  ['DELETE', '/v1/content/gen_123'],
  ['POST', '/v1/generate/image/bfl/flux-schnell'],
  ['HEAD', '/v1/health/cache'],
  ['GET', '/v1/library/models?limit=5'],
  ['GET', '/v1/nope'],
  ['PUT', '/v1/status'],
];

type Token = { kind: 'key'; index: number } | { kind: 'unknown' | 'garbage' | 'none' };
type Step =
  | {
      op: 'create';
      via: 0 | 1;
      preset: number;
      allowlist: number;
      expiresInMs: number | null;
    }
  | { op: 'rotate'; via: 0 | 1; index: number; graceHours: number }
  | { op: 'revoke' | 'delete'; via: 0 | 1; index: number }
  | { op: 'advance'; ms: number }
  | { op: 'settle' }
  | { op: 'verify'; token: Token; ip: number; request: number };

const via = fc.constantFrom<0 | 1>(0, 1);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      via,
      preset: fc.nat(presets.length - 1),
      allowlist: fc.nat(allowlists.length - 1),
      expiresInMs: fc.option(fc.integer({ min: 1, max: 48 * HOUR }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('rotate' as const),
      via,
      index: fc.nat(),
      graceHours: fc.constantFrom(1, 6, 24),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('revoke' as const, 'delete' as const),
      via,
      index: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 30 * HOUR })),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'settle' as const }) },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('verify' as const),
      token: fc.oneof(
        { weight: 6, arbitrary: fc.record({ kind: fc.constant('key' as const), index: fc.nat() }) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constantFrom('unknown' as const, 'garbage' as const, 'none' as const),
          }),
        },
      ),
      ip: fc.nat(ips.length - 1),
      request: fc.nat(requests.length - 1),
    }),
  },
);

/** Lets the change-feed subscriptions resolve (one macrotask). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The answer without the one field a cache may legitimately hold older. */
function comparable(result: VerifyResult): unknown {
  if (!result.ok) return { ...result };
  const { lastUsedAt: _ignored, ...key } = result.key;
  return { ...result, key };
}

async function run(steps: Step[]): Promise<void> {
  const storage = createMemoryStorage();
  let now = T0;
  const clock = () => now;
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  const cached: [Keys, Keys] = [
    createKeys({ storage, clock, onError }),
    createKeys({ storage, clock, onError }),
  ];
  const uncached = createKeys({ storage, clock, onError, cache: { ttlMs: 0 } });
  const keys: Array<{ id: string; secret: string }> = [];
  const pick = (index: number) => keys[index % keys.length];
  try {
    for (const s of steps) {
      switch (s.op) {
        case 'create': {
          const created = await cached[s.via].create({
            accountId: ACCOUNT,
            actor: OWNER,
            name: `key ${keys.length}`,
            preset: presets[s.preset],
            allowlist: allowlists[s.allowlist],
            expiresAt: s.expiresInMs === null ? null : now + s.expiresInMs,
          });
          keys.push({ id: created.key.id, secret: created.secret });
          break;
        }
        case 'rotate':
        case 'revoke':
        case 'delete': {
          const key = pick(s.index);
          if (key === undefined) break;
          const input = { accountId: ACCOUNT, actor: OWNER, keyId: key.id };
          // Refusals (rotating a revoked key, deleting twice) are part of the sequence.
          try {
            if (s.op === 'rotate') {
              const rotated = await cached[s.via].rotate({ ...input, graceHours: s.graceHours });
              keys.push({ id: rotated.key.id, secret: rotated.secret });
            } else if (s.op === 'revoke') {
              await cached[s.via].revoke(input);
            } else {
              await cached[s.via].delete(input);
            }
          } catch {}
          break;
        }
        case 'advance':
          now += s.ms;
          break;
        case 'settle':
          await settle();
          break;
        case 'verify': {
          const token =
            s.token.kind === 'key'
              ? pick(s.token.index)?.secret
              : s.token.kind === 'unknown'
                ? generateKey('bye_')
                : s.token.kind === 'garbage'
                  ? 'bye_not-a-key'
                  : undefined;
          const [method, path] = requests[s.request]!;
          const input: VerifyInput = {
            authorization: token === undefined ? null : `Bearer ${token}`,
            ip: ips[s.ip],
            method,
            path,
          };
          const expected = comparable(await uncached.verify(input));
          expect(comparable(await cached[0].verify(input))).toEqual(expected);
          expect(comparable(await cached[1].verify(input))).toEqual(expected);
          break;
        }
      }
    }
    expect(errors).toEqual([]);
  } finally {
    await Promise.all([...cached, uncached].map((engine) => engine.close()));
  }
}

describe('verify › a cached and an uncached verifier agree (model-based property)', () => {
  it(`answers every request alike over random writes and clock moves (${RUNS} sequences)`, async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), run), {
      numRuns: RUNS,
    });
  }, 120_000);
});
