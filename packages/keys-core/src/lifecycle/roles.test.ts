import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { ACCOUNT, MEMBER, OWNER, PRIMARY_OWNER, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode } from '../testing/fixtures.js';
import type { Actor } from '../types.js';
import { canManageKeys } from './roles.js';

type Write = 'create' | 'rotate' | 'revoke' | 'delete';
type Read = 'list' | 'get' | 'logs' | 'audit';

/** Runs one operation on a fresh Active key as `actor`. */
async function perform(operation: Write | Read, actor: Actor) {
  const engine = testEngine();
  const { key } = await engine.create();
  const ref = { accountId: ACCOUNT, actor, keyId: key.id };
  const run = {
    create: () => engine.keys.create({ accountId: ACCOUNT, actor, name: 'n', preset: 'read-only' }),
    rotate: () => engine.keys.rotate(ref),
    revoke: () => engine.keys.revoke(ref),
    delete: () => engine.keys.delete(ref),
    list: () => engine.keys.list(ref),
    get: () => engine.keys.get(ref),
    logs: () => engine.keys.logs(ref),
    audit: () => engine.keys.audit(ref),
  }[operation];
  const error = await caught(run);
  const after = await engine.storage.listKeys(ACCOUNT);
  const events = await engine.storage.listAuditEvents(ACCOUNT);
  return { error, after, events };
}

const WRITES: Write[] = ['create', 'rotate', 'revoke', 'delete'];
const READS: Read[] = ['list', 'get', 'logs', 'audit'];

describe('roles', () => {
  it.each(WRITES)('refuses a member who tries to %s, with ROLE_FORBIDDEN', async (operation) => {
    const { error } = await perform(operation, MEMBER);
    expect(isKeysErrorWithCode(error, 'ROLE_FORBIDDEN')).toBe(true);
  });

  it.each(WRITES)('changes nothing when a member tries to %s', async (operation) => {
    const { after, events } = await perform(operation, MEMBER);
    expect(after).toHaveLength(1);
    expect(after[0]?.version).toBe(1);
    expect(events).toHaveLength(1);
  });

  it.each(WRITES)('lets an owner %s', async (operation) => {
    expect((await perform(operation, OWNER)).error).toBeUndefined();
  });

  it.each(WRITES)('lets the primary owner %s', async (operation) => {
    expect((await perform(operation, PRIMARY_OWNER)).error).toBeUndefined();
  });

  it.each(READS)('lets a member %s', async (operation) => {
    expect((await perform(operation, MEMBER)).error).toBeUndefined();
  });

  it('checks the role before the input', async () => {
    const error = await caught(() =>
      testEngine().keys.create({ accountId: ACCOUNT, actor: MEMBER, name: '' }),
    );
    expect(isKeysErrorWithCode(error, 'ROLE_FORBIDDEN')).toBe(true);
  });

  it('says who may do it', async () => {
    const { error } = await perform('revoke', MEMBER);
    expect(isKeysError(error) && error.message).toMatch(/only owners/);
  });

  it.each([
    ['an unknown role', { userId: 'u', role: 'admin' }],
    ['no user id', { userId: '', role: 'owner' }],
    ['no actor', undefined],
  ])('fails closed for %s, even on reads', async (_, actor) => {
    const { error } = await perform('list', actor as unknown as Actor);
    expect(isKeysErrorWithCode(error, 'ROLE_FORBIDDEN')).toBe(true);
  });
});

describe('canManageKeys', () => {
  it.each([
    ['primary-owner', true],
    ['owner', true],
    ['member', false],
  ] as const)('%s → %s', (role, expected) => {
    expect(canManageKeys(role)).toBe(expected);
  });
});
