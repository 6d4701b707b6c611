import { describe, expect, it } from 'vitest';
import { ACCOUNT, HOUR, MEMBER, OWNER, testEngine } from '../test-support/test-engine.js';
import { caught, isKeysErrorWithCode } from '../testing/fixtures.js';

const who = { accountId: ACCOUNT, actor: OWNER };

async function engineWith(names: string[]) {
  const engine = testEngine();
  const ids: string[] = [];
  for (const name of names) {
    ids.push((await engine.create({ name })).key.id);
    engine.clock.advance(1);
  }
  return { engine, ids };
}

describe('keys.listPage', () => {
  it('pages newest first with an opaque cursor and a total', async () => {
    const { engine, ids } = await engineWith(['a', 'b', 'c', 'd', 'e']);
    const first = await engine.keys.listPage({ ...who, limit: 2 });
    expect(first.keys.map((key) => key.id)).toEqual([ids[4], ids[3]]);
    expect(first.total).toBe(5);
    const second = await engine.keys.listPage({ ...who, limit: 2, cursor: first.nextCursor! });
    const third = await engine.keys.listPage({ ...who, limit: 2, cursor: second.nextCursor! });
    expect(second.keys.map((key) => key.id)).toEqual([ids[2], ids[1]]);
    expect(third.keys.map((key) => key.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();
  });

  it('has no next cursor when the page holds exactly the last keys', async () => {
    const { engine } = await engineWith(['a', 'b']);
    expect((await engine.keys.listPage({ ...who, limit: 2 })).nextCursor).toBeNull();
  });

  it('sorts by name ascending by default and pages through names with non-ASCII text', async () => {
    const { engine } = await engineWith(['élan', 'beta', 'Alpha']);
    const first = await engine.keys.listPage({ ...who, sort: 'name', limit: 2 });
    const second = await engine.keys.listPage({
      ...who,
      sort: 'name',
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect([...first.keys, ...second.keys].map((key) => key.name)).toEqual([
      'Alpha',
      'beta',
      'élan',
    ]);
  });

  it('filters by status at the engine clock and by search text', async () => {
    const engine = testEngine();
    await engine.create({ name: 'short-lived', expiresAt: engine.clock.now() + HOUR });
    await engine.create({ name: 'forever' });
    engine.clock.advance(2 * HOUR);
    const expired = await engine.keys.listPage({ ...who, status: 'Expired' });
    expect(expired.keys.map((key) => key.name)).toEqual(['short-lived']);
    expect(expired.total).toBe(1);
    const found = await engine.keys.listPage({ ...who, search: 'FOREV' });
    expect(found.keys.map((key) => key.name)).toEqual(['forever']);
  });

  it('refuses a cursor of another sort order with VALIDATION_FAILED on field cursor', async () => {
    const { engine } = await engineWith(['a', 'b', 'c']);
    const first = await engine.keys.listPage({ ...who, limit: 1 });
    const error = await caught(() =>
      engine.keys.listPage({ ...who, limit: 1, sort: 'name', cursor: first.nextCursor! }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'cursor' }] });
  });

  it('refuses a forged cursor, a bad sort, status and limit, naming each field', async () => {
    const { engine } = await engineWith(['a']);
    const forged = await caught(() => engine.keys.listPage({ ...who, cursor: 'bm90IGpzb24' }));
    expect(forged).toMatchObject({ issues: [{ field: 'cursor', rule: 'invalid' }] });
    const bad = await caught(() =>
      engine.keys.listPage({
        ...who,
        sort: 'hash' as never,
        status: 'Gone' as never,
        limit: 0,
      }),
    );
    expect(bad).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ field: 'status' }, { field: 'sort' }, { field: 'limit' }],
    });
  });

  it('lets a member read (list is not a write)', async () => {
    const { engine } = await engineWith(['a']);
    const page = await engine.keys.listPage({ accountId: ACCOUNT, actor: MEMBER });
    expect(page.total).toBe(1);
  });
});

describe('keys.accountLogs', () => {
  async function traffic() {
    const engine = testEngine();
    const a = await engine.create({ name: 'alpha' });
    const b = await engine.create({ name: 'beta', preset: 'read-only' });
    const call = (secret: string, method: string, path: string) =>
      engine.keys.verify({ authorization: `Bearer ${secret}`, ip: '203.0.113.1', method, path });
    await call(a.secret, 'GET', '/v1/status');
    engine.clock.advance(1000);
    await call(b.secret, 'POST', '/v1/generate/image/bfl/flux-schnell');
    engine.clock.advance(1000);
    await call(b.secret, 'GET', '/v1/status');
    await engine.keys.flush();
    return { engine, a, b };
  }

  it("reads every key's logs newest first, with the keys' names", async () => {
    const { engine, a, b } = await traffic();
    const page = await engine.keys.accountLogs(who);
    expect(page.logs.map((log) => [log.keyId, log.endpoint])).toEqual([
      [b.key.id, '/v1/status'],
      [b.key.id, '/v1/generate/image/bfl/flux-schnell'],
      [a.key.id, '/v1/status'],
    ]);
    expect(page.keys).toEqual(
      expect.arrayContaining([
        { id: a.key.id, name: 'alpha', prefix: a.key.prefix },
        { id: b.key.id, name: 'beta', prefix: b.key.prefix },
      ]),
    );
    expect(page.nextCursor).toBeNull();
  });

  it('keeps only refused requests when asked, and pages with a cursor', async () => {
    const { engine } = await traffic();
    const refused = await engine.keys.accountLogs({ ...who, outcome: 'refused' });
    expect(refused.logs).toHaveLength(1);
    expect(refused.logs[0]).toMatchObject({ status: 403 });
    const first = await engine.keys.accountLogs({ ...who, limit: 2 });
    const rest = await engine.keys.accountLogs({ ...who, limit: 2, cursor: first.nextCursor! });
    expect(first.logs).toHaveLength(2);
    expect(rest.logs).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });

  it('refuses a time range that ends before it starts', async () => {
    const { engine } = await traffic();
    const error = await caught(() => engine.keys.accountLogs({ ...who, since: 10, until: 5 }));
    expect(isKeysErrorWithCode(error, 'VALIDATION_FAILED')).toBe(true);
  });
});
