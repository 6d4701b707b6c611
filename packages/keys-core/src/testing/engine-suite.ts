import { afterEach, describe, expect, it, vi } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { createKeys } from '../lifecycle/create-keys.js';
import type { Keys } from '../lifecycle/keys-api.js';
import type { StorageAdapter } from '../storage/adapter.js';
import type { Actor } from '../types.js';
import type { SuiteContext } from './context.js';
import { T0 } from './fixtures.js';

const OWNER: Actor = { userId: 'user_conformance', role: 'owner' };
/** Generous: a SQL adapter runs 100 rotations (200+ round trips) through two pools. */
const RACE_TIMEOUT_MS = 60_000;

/**
 * End to end through the engine: two `createKeys` engines (two servers) on the same store,
 * racing each other as real deployments do.
 */
export function describeEngineOnAdapter(ctx: SuiteContext): void {
  describe('two engines on one store', () => {
    const open: Keys[] = [];
    afterEach(async () => {
      // Engines first (their verifiers flush into the storage), then the factory's cleanup.
      await Promise.all(open.splice(0).map((keys) => keys.close()));
    });

    async function engines(): Promise<{ a: Keys; b: Keys; accountId: string }> {
      const clock = () => T0;
      const a = createKeys({ storage: ctx.storage, clock });
      const b = createKeys({ storage: await ctx.second(), clock });
      open.push(a, b);
      return { a, b, accountId: ctx.account() };
    }

    it(
      '100 concurrent rotations of one key: one wins, 99 CONFLICT, one replacement',
      async () => {
        const { a, b, accountId } = await engines();
        const { key } = await a.create({
          accountId,
          actor: OWNER,
          name: 'race',
          preset: 'full-access',
        });
        const results = await Promise.allSettled(
          Array.from({ length: 100 }, (_, i) =>
            (i % 2 === 0 ? a : b).rotate({ accountId, actor: OWNER, keyId: key.id }),
          ),
        );
        const losses = results.filter((result) => result.status === 'rejected');
        expect(results.length - losses.length).toBe(1);
        expect(losses.map((loss) => isKeysError(loss.reason) && loss.reason.code)).toEqual(
          Array(99).fill('CONFLICT'),
        );
        const listed = await b.list({ accountId, actor: OWNER });
        expect(listed.filter((k) => k.rotatedFrom === key.id)).toHaveLength(1);
        expect(listed).toHaveLength(2);
      },
      RACE_TIMEOUT_MS,
    );

    it(
      'a revoke racing a rotation always leaves a state the spec allows',
      async () => {
        const { a, b, accountId } = await engines();
        for (let trial = 0; trial < 10; trial++) {
          const { key } = await a.create({
            accountId,
            actor: OWNER,
            name: `race ${trial}`,
            preset: 'read-only',
          });
          const ref = { accountId, actor: OWNER, keyId: key.id };
          // Alternate which engine does what, and which call starts first.
          const [revoker, rotator] = trial % 2 === 0 ? [a, b] : [b, a];
          const [revoked, rotated] =
            trial % 4 < 2
              ? await Promise.allSettled([revoker.revoke(ref), rotator.rotate(ref)])
              : await Promise.allSettled([rotator.rotate(ref), revoker.revoke(ref)]).then(
                  ([second, first]) => [first, second] as const,
                );
          const old = await a.get(ref);
          const replacements = (await b.list({ accountId, actor: OWNER })).filter(
            (k) => k.rotatedFrom === key.id,
          );
          expect(revoked.status).toBe('fulfilled');
          expect(old.status).toBe('Revoked');
          if (rotated.status === 'fulfilled') {
            expect(replacements.map((k) => [k.id, k.status])).toEqual([[old.replacedBy, 'Active']]);
          } else {
            expect(isKeysError(rotated.reason) && rotated.reason.code).toBe('CONFLICT');
            expect(replacements).toEqual([]);
            expect(old.replacedBy).toBeNull();
          }
        }
      },
      RACE_TIMEOUT_MS,
    );

    it('stores no value that contains a secret', async () => {
      const { a, b, accountId } = await engines();
      const created = await a.create({
        accountId,
        actor: OWNER,
        name: 'scan',
        preset: 'full-access',
      });
      const rotated = await b.rotate({ accountId, actor: OWNER, keyId: created.key.id });
      for (const secret of [created.secret, rotated.secret]) {
        const request = { authorization: `Bearer ${secret}`, ip: '203.0.113.10' };
        await a.verify({ ...request, method: 'GET', path: '/v1/status' });
      }
      await Promise.all([a.flush(), b.flush()]);
      const text = await everything(ctx.storage, accountId);
      for (const secret of [created.secret, rotated.secret]) {
        // Not the body either: the secret minus its well-known prefix.
        expect(text).not.toContain(secret.slice(a.prefix.length));
      }
    });

    it('a key revoked through one engine is refused by the other', async () => {
      const { a, b, accountId } = await engines();
      const { key, secret } = await a.create({
        accountId,
        actor: OWNER,
        name: 'feed',
        preset: 'full-access',
      });
      const request = {
        authorization: `Bearer ${secret}`,
        ip: '203.0.113.10',
        method: 'GET',
        path: '/v1/status',
      };
      expect((await b.verify(request)).ok).toBe(true);
      await a.revoke({ accountId, actor: OWNER, keyId: key.id });
      await vi.waitFor(async () => expect((await b.verify(request)).ok).toBe(false), {
        timeout: 10_000,
        interval: 10,
      });
    });
  });
}

/** Every record of the account the adapter will return, as one string to search. */
async function everything(storage: StorageAdapter, accountId: string): Promise<string> {
  const keys = await storage.listKeys(accountId);
  const byHash = await Promise.all(keys.map((key) => storage.findKeyByHash(key.hash)));
  const logs = await Promise.all(keys.map((key) => storage.listUsageLogs(accountId, key.id)));
  const events = await storage.listAuditEvents(accountId, { limit: 1000 });
  return JSON.stringify({ keys, byHash, logs, events });
}
