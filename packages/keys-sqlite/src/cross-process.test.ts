import { createKeys } from '@babysea/keys-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteStorage } from './sqlite-storage.js';
import { createTestFile } from './test-files.js';
import { type FeedProcess, startFeedProcess } from './test-fixtures/child.js';

const OWNER = { userId: 'user_owner', role: 'owner' } as const;
const ACCOUNT = 'acct_cross';

let file: ReturnType<typeof createTestFile>;
let children: FeedProcess[];
beforeEach(() => {
  file = createTestFile();
  children = [];
});
afterEach(async () => {
  await Promise.all(children.map((child) => child.stop()));
  file.cleanup();
});

async function child(pollMs?: number): Promise<FeedProcess> {
  const started = await startFeedProcess(file.file, pollMs);
  children.push(started);
  return started;
}

/** Asks `process` to verify `secret` until it refuses, at most `tries` times. */
async function untilRefused(process: FeedProcess, secret: string, tries = 200) {
  for (let i = 0; i < tries; i++) {
    process.send(`verify ${secret}`);
    const answer = await process.next((message) => 'verify' in message);
    if (answer.verify === false) return answer;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return null;
}

describe('the change feed across processes on one file', () => {
  it.each([
    ['revoke', 'revoked'],
    ['rotate', 'rotated'],
    ['delete', 'deleted'],
    ['update', 'updated'],
  ] as const)(
    'delivers a %s made in this process to a listener in another',
    async (operation, type) => {
      const keys = createKeys({ storage: file.open() });
      const { key } = await keys.create({
        accountId: ACCOUNT,
        actor: OWNER,
        name: 'worker',
        preset: 'full-access',
      });
      const other = await child(50);
      other.send('watch');
      await other.next((message) => message.watching === true);
      if (operation === 'rotate')
        await keys.rotate({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
      else if (operation === 'update')
        await keys.update({ accountId: ACCOUNT, actor: OWNER, keyId: key.id, name: 'renamed' });
      else await keys[operation]({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
      const change = await other.next((message) => 'change' in message);
      expect(change).toMatchObject({ change: type, keyId: key.id });
      await keys.close();
    },
  );

  it('makes another process with a warm 30 s cache refuse a key revoked here (default options)', async () => {
    const keys = createKeys({ storage: file.open() });
    const { key, secret } = await keys.create({
      accountId: ACCOUNT,
      actor: OWNER,
      name: 'worker',
      preset: 'full-access',
    });
    const other = await child();
    // The other process admits the key, and from then on answers from its cache.
    other.send(`verify ${secret}`);
    expect(await other.next((message) => 'verify' in message)).toMatchObject({ verify: true });
    other.send(`verify ${secret}`);
    expect(await other.next((message) => 'verify' in message)).toMatchObject({ verify: true });
    await keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    // Bounded well below the 30 s cache: without the journal this never refuses in time.
    expect(await untilRefused(other, secret)).toMatchObject({ verify: false, reason: 'revoked' });
    await keys.close();
  });

  it('journals each change in the same transaction as the change itself', async () => {
    const storage = file.open();
    const keys = createKeys({ storage });
    const { key } = await keys.create({
      accountId: ACCOUNT,
      actor: OWNER,
      name: 'worker',
      preset: 'full-access',
    });
    await keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const rows = storage.database.prepare('SELECT type, key_id FROM api_key_changes').all();
    expect(rows).toEqual([{ type: 'revoked', key_id: key.id }]);
    await keys.close();
  });

  it('stops polling once the last listener unsubscribes (no timer left behind)', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const storage = file.open({ changePollMs: 10 });
      const stopFirst = storage.subscribe(() => {});
      const stopSecond = storage.subscribe(() => {});
      expect(vi.getTimerCount()).toBe(1);
      stopFirst();
      expect(vi.getTimerCount()).toBe(1);
      stopSecond();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('polls nothing for an in-memory database (no other process can share it)', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const storage = createSqliteStorage({ database: ':memory:' });
      storage.subscribe(() => {});
      expect(vi.getTimerCount()).toBe(0);
      storage.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
