import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, MEMBER, OWNER, testClock, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode } from '../testing/fixtures.js';

const ref = (keyId: string) => ({ accountId: ACCOUNT, actor: OWNER, keyId });

function call(secret: string, ip: string) {
  return { authorization: `Bearer ${secret}`, ip, method: 'GET', path: '/v1/status' };
}

describe('keys.update', () => {
  it('renames a key, trimming the name', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const updated = await engine.keys.update({ ...ref(key.id), name: '  billing-worker ' });
    expect(updated).toMatchObject({ id: key.id, name: 'billing-worker', status: 'Active' });
    expect((await engine.keys.get(ref(key.id))).name).toBe('billing-worker');
  });

  it('replaces the allowlist with canonical entries', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const updated = await engine.keys.update({ ...ref(key.id), allowlist: '203.0.113.0/24, ::1' });
    expect(updated.allowlist).toEqual(['203.0.113.0/24', '::1']);
  });

  it('audits api_key.updated with what changed, old and new, and no secret', async () => {
    const engine = testEngine();
    const { key, secret } = await engine.create({ allowlist: '10.0.0.1' });
    engine.clock.advance(1);
    await engine.keys.update({ ...ref(key.id), name: 'renamed', allowlist: [] });
    const [event] = await engine.keys.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(event).toMatchObject({
      type: 'api_key.updated',
      keyId: key.id,
      keyName: 'prod-api-worker',
      actorId: OWNER.userId,
      data: {
        changed: 'name,allowlist',
        previousName: 'prod-api-worker',
        name: 'renamed',
        previousAllowlist: '10.0.0.1',
        allowlist: '',
      },
    });
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('writes nothing when nothing changes', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.update({ ...ref(key.id), name: key.name, allowlist: [] });
    const events = await engine.keys.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(events.map((event) => event.type)).toEqual(['api_key.created']);
  });

  it('refuses a member with ROLE_FORBIDDEN and changes nothing', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const error = await caught(() =>
      engine.keys.update({ accountId: ACCOUNT, actor: MEMBER, keyId: key.id, name: 'x' }),
    );
    expect(isKeysErrorWithCode(error, 'ROLE_FORBIDDEN')).toBe(true);
    expect((await engine.keys.get(ref(key.id))).name).toBe('prod-api-worker');
  });

  it('refuses an empty edit, a bad name and a bad allowlist entry with every issue at once', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const empty = await caught(() => engine.keys.update(ref(key.id)));
    expect(isKeysErrorWithCode(empty, 'VALIDATION_FAILED')).toBe(true);
    const bad = await caught(() =>
      engine.keys.update({ ...ref(key.id), name: ' ', allowlist: '10.0.0.300' }),
    );
    expect(bad).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [
        expect.objectContaining({ field: 'name' }),
        expect.objectContaining({ field: 'allowlist' }),
      ],
    });
    expect(await engine.keys.get(ref(key.id))).toMatchObject({ name: key.name, allowlist: [] });
  });

  it('refuses to edit a revoked key with CONFLICT', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.revoke(ref(key.id));
    const error = await caught(() => engine.keys.update({ ...ref(key.id), name: 'x' }));
    expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
  });

  it('answers NOT_FOUND for a key of another account', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const error = await caught(() =>
      engine.keys.update({ accountId: 'acct_other', actor: OWNER, keyId: key.id, name: 'x' }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });

  it('a narrowed allowlist refuses the next request on this server at once', async () => {
    const engine = testEngine();
    const { key, secret } = await engine.create();
    expect((await engine.keys.verify(call(secret, '198.51.100.9'))).ok).toBe(true);
    await engine.keys.update({ ...ref(key.id), allowlist: '203.0.113.5' });
    expect(await engine.keys.verify(call(secret, '198.51.100.9'))).toMatchObject({ ok: false });
    expect((await engine.keys.verify(call(secret, '203.0.113.5'))).ok).toBe(true);
  });

  it('a narrowed allowlist refuses the next request on another server (change feed)', async () => {
    const storage = createMemoryStorage();
    const clock = testClock();
    const editor = testEngine({ storage }, clock);
    const other = testEngine({ storage }, clock);
    const { key, secret } = await editor.create();
    // Warm the other server's cache (30 s TTL by default) before the edit.
    expect((await other.keys.verify(call(secret, '198.51.100.9'))).ok).toBe(true);
    await editor.keys.update({ ...ref(key.id), allowlist: '203.0.113.5' });
    expect(await other.keys.verify(call(secret, '198.51.100.9'))).toMatchObject({ ok: false });
  });
});
