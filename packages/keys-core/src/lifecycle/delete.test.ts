import { describe, expect, it } from 'vitest';
import { ACCOUNT, OWNER, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode, makeUsageLog } from '../testing/fixtures.js';

async function withLogs() {
  const engine = testEngine();
  const { key } = await engine.create();
  const stored = (await engine.storage.findKey(ACCOUNT, key.id))!;
  await engine.storage.appendUsageLogs([makeUsageLog(stored), makeUsageLog(stored)]);
  return { engine, key };
}

describe('keys.delete', () => {
  it('removes the key', async () => {
    const { engine, key } = await withLogs();
    await engine.keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(await engine.keys.list({ accountId: ACCOUNT, actor: OWNER })).toEqual([]);
    const error = await caught(() =>
      engine.keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });

  it('removes its usage logs', async () => {
    const { engine, key } = await withLogs();
    await engine.keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(await engine.storage.listUsageLogs(ACCOUNT, key.id)).toEqual([]);
    expect(await engine.storage.purgeUsageLogs(Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it('keeps the audit events and records api_key.deleted', async () => {
    const { engine, key } = await withLogs();
    engine.clock.advance(1);
    await engine.keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const events = await engine.keys.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(events.map((event) => event.type)).toEqual(['api_key.deleted', 'api_key.created']);
    expect(events[0]).toMatchObject({ keyId: key.id, keyPrefix: key.prefix, keyName: key.name });
  });

  it('deletes a revoked key too', async () => {
    const { engine, key } = await withLogs();
    await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    await engine.keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(await engine.keys.list({ accountId: ACCOUNT, actor: OWNER })).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown key', async () => {
    const error = await caught(() =>
      testEngine().keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: 'key_missing' }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });

  it('answers NOT_FOUND the second time', async () => {
    const { engine, key } = await withLogs();
    await engine.keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const error = await caught(() =>
      engine.keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });

  it('answers NOT_FOUND through another account and keeps the key', async () => {
    const { engine, key } = await withLogs();
    const error = await caught(() =>
      engine.keys.delete({ accountId: 'acct_other', actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
    expect(await engine.keys.list({ accountId: ACCOUNT, actor: OWNER })).toHaveLength(1);
  });

  it('lets only one of two concurrent deletes succeed', async () => {
    const { engine, key } = await withLogs();
    const input = { accountId: ACCOUNT, actor: OWNER, keyId: key.id };
    const results = await Promise.allSettled([
      engine.keys.delete(input),
      engine.keys.delete(input),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const events = await engine.keys.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(events.filter((event) => event.type === 'api_key.deleted')).toHaveLength(1);
  });
});
