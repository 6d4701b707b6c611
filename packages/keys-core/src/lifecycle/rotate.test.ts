import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { hashKey } from '../secret/hash.js';
import { ACCOUNT, HOUR, OWNER, T0, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode } from '../testing/fixtures.js';

const MINUTE = 60 * 1000;

async function rotated(graceHours?: number, createInput = {}) {
  const engine = testEngine();
  const created = await engine.create({
    allowlist: '203.0.113.0/24',
    expiresAt: T0 + 90 * 24 * HOUR,
    ...createInput,
  });
  engine.clock.advance(HOUR);
  const result = await engine.keys.rotate({
    accountId: ACCOUNT,
    actor: OWNER,
    keyId: created.key.id,
    ...(graceHours !== undefined && { graceHours }),
  });
  return { engine, created, result, rotatedAt: T0 + HOUR };
}

describe('keys.rotate', () => {
  it('creates an Active replacement with the same name, scopes, preset, allowlist and expiry', async () => {
    const { created, result } = await rotated();
    const { name, scopes, preset, allowlist, expiresAt } = created.key;
    expect(result.key).toMatchObject({ name, scopes, preset, allowlist, expiresAt });
    expect(result.key).toMatchObject({ status: 'Active', rotatedFrom: created.key.id });
    expect(result.key.id).not.toBe(created.key.id);
  });

  it('returns a new secret that hashes to the stored replacement', async () => {
    const { engine, created, result } = await rotated();
    expect(result.secret).not.toBe(created.secret);
    const stored = await engine.storage.findKey(ACCOUNT, result.key.id);
    expect(stored?.hash).toBe(hashKey(result.secret));
  });

  it('marks the old key Rotated with a 24-hour grace by default', async () => {
    const { result, rotatedAt } = await rotated();
    expect(result.previous).toMatchObject({
      status: 'Rotated',
      rotatedAt,
      graceEndsAt: rotatedAt + 24 * HOUR,
      replacedBy: result.key.id,
    });
  });

  it.each([1, 6, 12, 48, 72, 168])('accepts a grace of %i hours', async (hours) => {
    const { result, rotatedAt } = await rotated(hours);
    expect(result.previous.graceEndsAt).toBe(rotatedAt + hours * HOUR);
  });

  it.each([0, 2, 25, -1, 1.5, '24'])('refuses a grace of %j hours', async (hours) => {
    const engine = testEngine();
    const { key } = await engine.create();
    const error = await caught(() =>
      engine.keys.rotate({
        accountId: ACCOUNT,
        actor: OWNER,
        keyId: key.id,
        graceHours: hours as number,
      }),
    );
    expect(isKeysError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(isKeysError(error) && error.field).toBe('graceHours');
    expect(
      (await engine.keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })).status,
    ).toBe('Active');
  });

  it('keeps the old key Rotated until the last minute of a 24-hour grace', async () => {
    const { engine, created, rotatedAt } = await rotated();
    engine.clock.set(rotatedAt + 23 * HOUR + 59 * MINUTE);
    const old = await engine.keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: created.key.id });
    expect(old.status).toBe('Rotated');
  });

  it('expires the old key when the grace ends', async () => {
    const { engine, created, rotatedAt } = await rotated();
    engine.clock.set(rotatedAt + 24 * HOUR);
    const old = await engine.keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: created.key.id });
    expect(old.status).toBe('Expired');
  });

  it("caps the grace at the key's own expiry", async () => {
    const { result } = await rotated(168, { expiresAt: T0 + 3 * HOUR });
    expect(result.previous.graceEndsAt).toBe(T0 + 3 * HOUR);
  });

  it('leaves the replacement Active after the old key expires', async () => {
    const { engine, result, rotatedAt } = await rotated(1);
    engine.clock.set(rotatedAt + 2 * HOUR);
    const replacement = await engine.keys.get({
      accountId: ACCOUNT,
      actor: OWNER,
      keyId: result.key.id,
    });
    expect(replacement.status).toBe('Active');
  });

  it('records api_key.rotated on the old key with the replacement and the grace', async () => {
    const { engine, created, result, rotatedAt } = await rotated(6);
    const [event] = await engine.keys.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(event).toMatchObject({
      type: 'api_key.rotated',
      at: rotatedAt,
      actorId: OWNER.userId,
      keyId: created.key.id,
      keyPrefix: created.key.prefix,
      data: {
        replacementId: result.key.id,
        replacementPrefix: result.key.prefix,
        graceHours: 6,
        graceEndsAt: rotatedAt + 6 * HOUR,
      },
    });
  });

  it('stores nothing that contains either secret', async () => {
    const { engine, created, result } = await rotated();
    const everything = JSON.stringify([
      await engine.storage.listKeys(ACCOUNT),
      await engine.storage.listAuditEvents(ACCOUNT),
    ]);
    expect(everything).not.toContain(created.secret);
    expect(everything).not.toContain(result.secret);
  });

  it('refuses to rotate a Rotated key (only once)', async () => {
    const { engine, created } = await rotated();
    const error = await caught(() =>
      engine.keys.rotate({ accountId: ACCOUNT, actor: OWNER, keyId: created.key.id }),
    );
    expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
  });

  it('refuses to rotate an Expired key', async () => {
    const engine = testEngine();
    const { key } = await engine.create({ expiresAt: T0 + HOUR });
    engine.clock.advance(HOUR);
    const error = await caught(() =>
      engine.keys.rotate({ accountId: ACCOUNT, actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
  });

  it('refuses to rotate a Revoked key', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const error = await caught(() =>
      engine.keys.rotate({ accountId: ACCOUNT, actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
  });

  it('writes nothing when it refuses', async () => {
    const { engine, created } = await rotated();
    await caught(() =>
      engine.keys.rotate({ accountId: ACCOUNT, actor: OWNER, keyId: created.key.id }),
    );
    expect(await engine.keys.list({ accountId: ACCOUNT, actor: OWNER })).toHaveLength(2);
  });

  it('answers NOT_FOUND for a key of another account', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const error = await caught(() =>
      engine.keys.rotate({ accountId: 'acct_other', actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });
});
