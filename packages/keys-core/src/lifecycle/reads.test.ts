import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { ACCOUNT, HOUR, MEMBER, OWNER, T0, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode, makeUsageLog } from '../testing/fixtures.js';

describe('keys.list', () => {
  it('lists the account newest first', async () => {
    const engine = testEngine();
    const first = await engine.create({ name: 'first' });
    engine.clock.advance(1);
    const second = await engine.create({ name: 'second' });
    const listed = await engine.keys.list({ accountId: ACCOUNT, actor: OWNER });
    expect(listed.map((key) => key.id)).toEqual([second.key.id, first.key.id]);
  });

  it('never exposes hash or version', async () => {
    const engine = testEngine();
    await engine.create();
    const [listed] = await engine.keys.list({ accountId: ACCOUNT, actor: OWNER });
    expect(Object.keys(listed!)).not.toContain('hash');
    expect(Object.keys(listed!)).not.toContain('version');
  });

  it('derives each status from the clock', async () => {
    const engine = testEngine();
    await engine.create({ expiresAt: T0 + HOUR });
    engine.clock.advance(HOUR);
    const [listed] = await engine.keys.list({ accountId: ACCOUNT, actor: OWNER });
    expect(listed?.status).toBe('Expired');
  });

  it("does not list another account's keys", async () => {
    const engine = testEngine();
    await engine.create();
    expect(await engine.keys.list({ accountId: 'acct_other', actor: OWNER })).toEqual([]);
  });

  it('refuses a missing account id', async () => {
    const error = await caught(() => testEngine().keys.list({ accountId: '', actor: OWNER }));
    expect(isKeysError(error) && error.field).toBe('accountId');
  });
});

describe('keys.get', () => {
  it('returns the key without hash or version', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const got = await engine.keys.get({ accountId: ACCOUNT, actor: MEMBER, keyId: key.id });
    expect(got).toEqual(key);
    expect(Object.keys(got)).not.toContain('hash');
  });

  it('answers NOT_FOUND through another account', async () => {
    const engine = testEngine();
    const { key } = await engine.create();
    const error = await caught(() =>
      engine.keys.get({ accountId: 'acct_other', actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });
});

describe('keys.logs', () => {
  async function withLogs(count: number) {
    const engine = testEngine();
    const { key } = await engine.create();
    const stored = (await engine.storage.findKey(ACCOUNT, key.id))!;
    const logs = Array.from({ length: count }, (_, i) => makeUsageLog(stored, { at: T0 + i }));
    await engine.storage.appendUsageLogs(logs);
    return { engine, key, logs };
  }

  it('lists usage logs newest first', async () => {
    const { engine, key, logs } = await withLogs(3);
    const listed = await engine.keys.logs({ accountId: ACCOUNT, actor: MEMBER, keyId: key.id });
    expect(listed).toEqual([logs[2], logs[1], logs[0]]);
  });

  it('pages with limit and before', async () => {
    const { engine, key, logs } = await withLogs(5);
    const page = await engine.keys.logs({
      accountId: ACCOUNT,
      actor: OWNER,
      keyId: key.id,
      limit: 2,
      before: T0 + 4,
    });
    expect(page).toEqual([logs[3], logs[2]]);
  });

  it("answers NOT_FOUND for another account's key", async () => {
    const { engine, key } = await withLogs(1);
    const error = await caught(() =>
      engine.keys.logs({ accountId: 'acct_other', actor: OWNER, keyId: key.id }),
    );
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });

  it.each([0, 1001, 1.5, '10'])('refuses limit %j', async (limit) => {
    const { engine, key } = await withLogs(1);
    const error = await caught(() =>
      engine.keys.logs({ accountId: ACCOUNT, actor: OWNER, keyId: key.id, limit: limit as number }),
    );
    expect(isKeysError(error) && error.field).toBe('limit');
  });

  it('refuses a before that is not a time', async () => {
    const { engine, key } = await withLogs(1);
    const error = await caught(() =>
      engine.keys.logs({ accountId: ACCOUNT, actor: OWNER, keyId: key.id, before: Number.NaN }),
    );
    expect(isKeysError(error) && error.field).toBe('before');
  });
});

describe('keys.audit', () => {
  it('pages the activity feed with limit and before', async () => {
    const engine = testEngine();
    for (let i = 0; i < 4; i++) {
      await engine.create({ name: `key ${i}` });
      engine.clock.advance(HOUR);
    }
    const page = await engine.keys.audit({
      accountId: ACCOUNT,
      actor: MEMBER,
      limit: 2,
      before: T0 + 3 * HOUR,
    });
    expect(page.map((event) => event.keyName)).toEqual(['key 2', 'key 1']);
  });

  it("shows nothing of another account's activity", async () => {
    const engine = testEngine();
    await engine.create();
    expect(await engine.keys.audit({ accountId: 'acct_other', actor: OWNER })).toEqual([]);
  });
});
