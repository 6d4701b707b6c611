import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { hashKey } from '../secret/hash.js';
import { parseKey } from '../secret/key.js';
import { ACCOUNT, HOUR, OWNER, T0, testEngine } from '../test-support/test-engine.js';
import { caught } from '../testing/fixtures.js';

/** Everything the storage holds for ACCOUNT, serialised: the place a leak would show. */
async function dump(engine: ReturnType<typeof testEngine>): Promise<string> {
  const keys = await engine.storage.listKeys(ACCOUNT);
  const events = await engine.storage.listAuditEvents(ACCOUNT);
  return JSON.stringify({ keys, events });
}

describe('keys.create', () => {
  it('returns a well-formed secret with the configured prefix', async () => {
    const { secret } = await testEngine().create();
    expect(secret).toMatch(/^bye_[A-Za-z0-9]{38}$/);
    expect(parseKey(secret)).toEqual({ ok: true });
  });

  it('uses a custom prefix for the secret and the display prefix', async () => {
    const { key, secret } = await testEngine({ prefix: 'sk_live_' }).create();
    expect(parseKey(secret, 'sk_live_')).toEqual({ ok: true });
    expect(key.prefix).toBe(secret.slice(0, 13));
  });

  it('returns the key as callers see it, Active, without hash or version', async () => {
    const { key } = await testEngine().create();
    expect(key).toMatchObject({
      accountId: ACCOUNT,
      name: 'prod-api-worker',
      preset: 'full-access',
      createdAt: T0,
      createdBy: OWNER.userId,
      status: 'Active',
    });
    expect(Object.keys(key)).not.toContain('hash');
    expect(Object.keys(key)).not.toContain('version');
  });

  it('stores the SHA-256 of the secret, the display prefix and version 1', async () => {
    const engine = testEngine();
    const { key, secret } = await engine.create();
    const stored = await engine.storage.findKey(ACCOUNT, key.id);
    expect(stored).toMatchObject({ hash: hashKey(secret), prefix: secret.slice(0, 9), version: 1 });
  });

  it('stores nothing that contains the secret', async () => {
    const engine = testEngine();
    const { secret } = await engine.create();
    expect(await dump(engine)).not.toContain(secret);
    expect(await dump(engine)).not.toContain(secret.slice(9));
  });

  it('records api_key.created with actor, time, prefix and name', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    expect(await engine.keys.audit({ accountId: ACCOUNT, actor: OWNER })).toEqual([
      expect.objectContaining({
        type: 'api_key.created',
        at: T0,
        actorId: OWNER.userId,
        actorRole: OWNER.role,
        keyId: key.id,
        keyPrefix: key.prefix,
        keyName: key.name,
      }),
    ]);
  });

  it('accepts a custom list of scopes instead of a preset', async () => {
    const { key } = await testEngine().create({
      preset: undefined,
      scopes: ['health:read', 'library:read'],
    });
    expect(key.preset).toBeNull();
    expect([...key.scopes].sort()).toEqual(['health:read', 'library:read']);
  });

  it('stores the allowlist normalised, duplicates folded', async () => {
    const { key } = await testEngine().create({
      allowlist: '203.0.113.10, ::ffff:203.0.113.10, 2001:db8:0:0::1',
    });
    expect(key.allowlist).toEqual(['203.0.113.10', '2001:db8::1']);
  });

  it('reports every invalid field at once', async () => {
    const error = await caught(() =>
      testEngine().create({ name: 'x'.repeat(101), allowlist: ['not-an-ip'], expiresAt: T0 - 1 }),
    );
    expect(isKeysError(error) && error.code).toBe('VALIDATION_FAILED');
    const fields = isKeysError(error) ? error.issues.map((issue) => issue.field) : [];
    expect(fields).toEqual(expect.arrayContaining(['name', 'allowlist', 'expiresAt']));
  });

  it('names the field and the rule in the message', async () => {
    const error = await caught(() => testEngine().create({ name: 'x'.repeat(101) }));
    expect(isKeysError(error) && error.message).toMatch(/^name: /);
    expect(isKeysError(error) && error.issues[0]?.rule).toBe('max_length');
  });

  it('judges expiry by the injected clock, not the wall clock', async () => {
    // T0 is in 2030: an hour before it is in the real future but in the engine's past.
    const error = await caught(() => testEngine().create({ expiresAt: T0 - HOUR }));
    expect(isKeysError(error) && error.issues[0]?.field).toBe('expiresAt');
  });

  it('accepts a Date for expiresAt', async () => {
    const { key } = await testEngine().create({ expiresAt: new Date(T0 + HOUR) });
    expect(key.expiresAt).toBe(T0 + HOUR);
  });

  it('writes nothing when the input is invalid', async () => {
    const engine = testEngine();
    await caught(() => engine.create({ name: '' }));
    expect(await dump(engine)).toBe(JSON.stringify({ keys: [], events: [] }));
  });

  it('makes a distinct key every time', async () => {
    const engine = testEngine();
    const a = await engine.create();
    const b = await engine.create();
    expect(a.secret).not.toBe(b.secret);
    expect(a.key.id).not.toBe(b.key.id);
  });
});
