import { beforeEach, describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';

/**
 * The optional per-deployment secret (`getOrCreateSecret`). An adapter without it has these
 * tests reported as skipped.
 */
export function describeDeploymentSecret(ctx: SuiteContext): void {
  describe('getOrCreateSecret', () => {
    beforeEach(({ skip }) => {
      if (typeof ctx.storage.getOrCreateSecret !== 'function') {
        skip('this adapter has no getOrCreateSecret');
      }
    });

    it('stores the candidate when nothing is stored and returns it', async () => {
      expect(await ctx.storage.getOrCreateSecret!('ip-hash', 'first-value')).toBe('first-value');
    });

    it('keeps the first value: a later candidate is ignored', async () => {
      await ctx.storage.getOrCreateSecret!('ip-hash', 'first-value');
      expect(await ctx.storage.getOrCreateSecret!('ip-hash', 'second-value')).toBe('first-value');
    });

    it('gives another instance on the same store the same value', async () => {
      await ctx.storage.getOrCreateSecret!('ip-hash', 'first-value');
      const other = await ctx.second();
      expect(await other.getOrCreateSecret!('ip-hash', 'other-value')).toBe('first-value');
    });

    it('keeps names apart', async () => {
      await ctx.storage.getOrCreateSecret!('ip-hash', 'a');
      expect(await ctx.storage.getOrCreateSecret!('another', 'b')).toBe('b');
    });
  });
}
