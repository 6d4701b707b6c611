/**
 * The `KeysClient` contract suite: every management route, as a client sees it. Run against
 * every client (keys-react's HTTP client over `createKeysHandler`, the in-memory client, yours),
 * so a new route has one checklist and one failing test until every client speaks it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKeysError, type KeysErrorCode } from '../errors/keys-error.js';
import type { KeysClient } from '../http/wire.js';

/** What {@link KeysClientFactory} returns: clients of ONE fresh, empty account. */
export interface KeysClientFixture {
  /** Acts as an owner (may create, rotate, revoke, delete). */
  owner: KeysClient;
  /** Acts as a member of the same account (may only read). */
  member: KeysClient;
  /** Releases what the factory opened. */
  cleanup?: () => unknown;
}

/** Runs before each test. */
export type KeysClientFactory = () => KeysClientFixture | Promise<KeysClientFixture>;

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: KeysErrorCode; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isKeysError(error)) throw error;
    return { code: error.code, ...(error.field === undefined ? {} : { field: error.field }) };
  }
  throw new Error('expected a KeysError, but the call succeeded');
}

/**
 * Registers the suite (a vitest `describe` block).
 *
 * @example
 * ```ts
 * describeKeysClient('my client', async () => ({
 *   owner: createMyClient({ role: 'owner' }),
 *   member: createMyClient({ role: 'member' }),
 * }));
 * ```
 */
export function describeKeysClient(name: string, factory: KeysClientFactory): void {
  describe(`KeysClient contract: ${name}`, () => {
    let fixture: KeysClientFixture;
    let owner: KeysClient;
    let member: KeysClient;
    beforeEach(async () => {
      fixture = await factory();
      owner = fixture.owner;
      member = fixture.member;
    });
    afterEach(async () => {
      await fixture?.cleanup?.();
    });

    async function firstPreset() {
      const info = await owner.presets();
      const preset = info.presets[0];
      if (!preset) throw new Error('the server offers no preset');
      return preset;
    }

    it('presets(): presets over the offered scopes, grace hours and limits', async () => {
      const info = await owner.presets();
      expect(info.presets.length).toBeGreaterThan(0);
      for (const preset of info.presets) {
        expect(preset).toEqual({
          id: expect.any(String),
          label: expect.any(String),
          description: expect.any(String),
          scopes: expect.any(Array),
        });
        for (const scope of preset.scopes) expect(info.scopes).toContain(scope);
      }
      expect(info.graceHours).toContain(info.defaultGraceHours);
      expect(info.maxNameLength).toBeGreaterThan(0);
      expect(info.maxAllowlistEntries).toBeGreaterThan(0);
    });

    it('listPage(): a page sorted by name with the total, and the next page by cursor', async () => {
      const preset = await firstPreset();
      for (const name of ['bravo', 'alpha', 'charlie']) {
        await owner.create({ name, preset: preset.id });
      }
      const first = await member.listPage({ sort: 'name', limit: 2 });
      expect(first.keys.map((key) => key.name)).toEqual(['alpha', 'bravo']);
      expect(first.total).toBe(3);
      const next = await member.listPage({ sort: 'name', limit: 2, cursor: first.nextCursor! });
      expect(next).toMatchObject({ keys: [{ name: 'charlie' }], total: 3, nextCursor: null });
    });

    it('update(): an owner renames a key; a member is refused ROLE_FORBIDDEN', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'before', preset: preset.id });
      expect(await owner.update(key.id, { name: 'after' })).toMatchObject({ name: 'after' });
      expect(await refusal(member.update(key.id, { name: 'x' }))).toEqual({
        code: 'ROLE_FORBIDDEN',
      });
    });

    it('update(): a bad allowlist entry is VALIDATION_FAILED on field allowlist', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'edit-me', preset: preset.id });
      expect(await refusal(owner.update(key.id, { allowlist: 'not-an-ip' }))).toEqual({
        code: 'VALIDATION_FAILED',
        field: 'allowlist',
      });
    });

    it('accountLogs(): an empty feed for a fresh account, no next page', async () => {
      expect(await member.accountLogs({ outcome: 'refused', limit: 10 })).toEqual({
        logs: [],
        keys: [],
        nextCursor: null,
      });
    });

    it('list(): empty for a fresh account', async () => {
      expect(await owner.list()).toEqual([]);
    });

    it('create(): the Active key with the preset’s scopes, and its secret once', async () => {
      const preset = await firstPreset();
      const { key, secret } = await owner.create({ name: 'ci-runner', preset: preset.id });
      expect(key).toMatchObject({
        name: 'ci-runner',
        status: 'Active',
        preset: preset.id,
        scopes: preset.scopes,
      });
      expect(typeof secret).toBe('string');
      expect(secret.length).toBeGreaterThan(20);
      expect(JSON.stringify(await owner.list())).not.toContain(secret);
      expect(JSON.stringify(await owner.get(key.id))).not.toContain(secret);
    });

    it('create(): custom scopes instead of a preset', async () => {
      const info = await owner.presets();
      const scopes = [info.scopes[0] as string];
      const { key } = await owner.create({ name: 'custom', scopes });
      expect(key).toMatchObject({ scopes, preset: null });
    });

    it('list() and get(): the created key, newest first', async () => {
      const preset = await firstPreset();
      const first = await owner.create({ name: 'first', preset: preset.id });
      const second = await owner.create({ name: 'second', preset: preset.id });
      const listed = await owner.list();
      expect(listed.map((key) => key.id)).toEqual(
        listed[0]?.createdAt === listed[1]?.createdAt
          ? expect.arrayContaining([first.key.id, second.key.id])
          : [second.key.id, first.key.id],
      );
      expect(await owner.get(first.key.id)).toMatchObject({ id: first.key.id, name: 'first' });
    });

    it('create(): refuses an empty name as VALIDATION_FAILED on the field name', async () => {
      const preset = await firstPreset();
      expect(await refusal(owner.create({ name: '', preset: preset.id }))).toEqual({
        code: 'VALIDATION_FAILED',
        field: 'name',
      });
      expect(await owner.list()).toEqual([]);
    });

    it('create(): refuses an unknown preset on the field preset', async () => {
      expect(await refusal(owner.create({ name: 'x', preset: 'no-such-preset' }))).toEqual({
        code: 'VALIDATION_FAILED',
        field: 'preset',
      });
    });

    it('create(): refuses a bad allowlist entry on the field allowlist', async () => {
      const preset = await firstPreset();
      const result = await refusal(
        owner.create({ name: 'x', preset: preset.id, allowlist: ['10.0.0.0/99'] }),
      );
      expect(result).toEqual({ code: 'VALIDATION_FAILED', field: 'allowlist' });
    });

    it('rotate(): a new Active key with a new secret; the old one Rotated', async () => {
      const preset = await firstPreset();
      const created = await owner.create({ name: 'rotating', preset: preset.id });
      const rotated = await owner.rotate(created.key.id, { graceHours: 1 });
      expect(rotated.previous).toMatchObject({ id: created.key.id, status: 'Rotated' });
      expect(rotated.key).toMatchObject({ name: 'rotating', status: 'Active' });
      expect(rotated.secret).not.toBe(created.secret);
    });

    it('rotate(): refuses a grace period not offered, on the field graceHours', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'x', preset: preset.id });
      expect(await refusal(owner.rotate(key.id, { graceHours: 5 }))).toEqual({
        code: 'VALIDATION_FAILED',
        field: 'graceHours',
      });
    });

    it('revoke(): Revoked at once; a second revoke is a CONFLICT', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'x', preset: preset.id });
      expect(await owner.revoke(key.id)).toMatchObject({ id: key.id, status: 'Revoked' });
      expect((await refusal(owner.revoke(key.id))).code).toBe('CONFLICT');
    });

    it('delete(): gone; get() then answers NOT_FOUND', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'x', preset: preset.id });
      expect(await owner.delete(key.id)).toBeUndefined();
      expect((await refusal(owner.get(key.id))).code).toBe('NOT_FOUND');
      expect(await owner.list()).toEqual([]);
    });

    it('get(), rotate(), revoke(), delete(): NOT_FOUND for an id of no key', async () => {
      for (const call of [
        owner.get('key_doesnotexist'),
        owner.rotate('key_doesnotexist'),
        owner.revoke('key_doesnotexist'),
        owner.delete('key_doesnotexist'),
      ]) {
        expect((await refusal(call)).code).toBe('NOT_FOUND');
      }
    });

    it('logs(): an array (empty for an unused key)', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'x', preset: preset.id });
      expect(await owner.logs(key.id)).toEqual([]);
      expect(await owner.logs(key.id, { limit: 10 })).toEqual([]);
    });

    it('audit(): what happened, newest first, paged by limit', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'audited', preset: preset.id });
      await owner.revoke(key.id);
      const events = await owner.audit();
      // Both may share a millisecond; then their order is the server's tie-break.
      expect(events.map((event) => event.type).sort()).toEqual([
        'api_key.created',
        'api_key.revoked',
      ]);
      expect(events[0]!.at).toBeGreaterThanOrEqual(events[1]!.at);
      for (const event of events)
        expect(event).toMatchObject({ keyId: key.id, keyName: 'audited' });
      expect(await owner.audit({ limit: 1 })).toHaveLength(1);
    });

    it('a member reads the same keys but may not write (ROLE_FORBIDDEN)', async () => {
      const preset = await firstPreset();
      const { key } = await owner.create({ name: 'shared', preset: preset.id });
      expect((await member.list()).map((k) => k.id)).toEqual([key.id]);
      expect((await refusal(member.create({ name: 'x', preset: preset.id }))).code).toBe(
        'ROLE_FORBIDDEN',
      );
      expect((await refusal(member.revoke(key.id))).code).toBe('ROLE_FORBIDDEN');
      expect((await owner.get(key.id)).status).toBe('Active');
    });
  });
}
