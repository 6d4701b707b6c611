import { describe, expect, it } from 'vitest';
import { ACCOUNT, HOUR, OWNER, T0, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode } from '../testing/fixtures.js';

describe('keys.revoke', () => {
  it('revokes an Active key at once', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    engine.clock.advance(HOUR);
    const revoked = await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(revoked).toMatchObject({ status: 'Revoked', revokedAt: T0 + HOUR });
  });

  it('keeps the row: the key is still listed, Revoked', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const [listed] = await engine.keys.list({ accountId: ACCOUNT, actor: OWNER });
    expect(listed).toMatchObject({ id: key.id, status: 'Revoked' });
  });

  it('is final: a revoked key stays Revoked past its expiry', async () => {
    const engine = testEngine();
    const { key } = await engine.create({ expiresAt: T0 + HOUR });
    await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    engine.clock.advance(2 * HOUR);
    const after = await engine.keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(after.status).toBe('Revoked');
  });

  it('revokes a Rotated key, leaving its replacement Active', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const rotation = await engine.keys.rotate({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const revoked = await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(revoked.status).toBe('Revoked');
    const replacement = await engine.keys.get({
      accountId: ACCOUNT,
      actor: OWNER,
      keyId: rotation.key.id,
    });
    expect(replacement.status).toBe('Active');
  });

  it('revokes an Expired key (harmless, and makes the end explicit)', async () => {
    const engine = testEngine();
    const { key } = await engine.create({ expiresAt: T0 + HOUR });
    engine.clock.advance(2 * HOUR);
    const revoked = await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(revoked.status).toBe('Revoked');
  });

  it('answers CONFLICT when the key is already revoked', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const error = await caught(() =>
      engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'CONFLICT')).toBe(true);
  });

  it('records api_key.revoked with the status it had', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    engine.clock.advance(1);
    await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const [event] = await engine.keys.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(event).toMatchObject({
      type: 'api_key.revoked',
      keyId: key.id,
      keyPrefix: key.prefix,
      keyName: key.name,
      actorId: OWNER.userId,
      data: { previousStatus: 'Active' },
    });
  });

  it('answers NOT_FOUND for an unknown key', async () => {
    const error = await caught(() =>
      testEngine().keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: 'key_missing' }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });

  it('answers NOT_FOUND through another account and leaves the key alone', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const error = await caught(() =>
      engine.keys.revoke({ accountId: 'acct_other', actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
    expect(
      (await engine.keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })).status,
    ).toBe('Active');
  });
});
