import type { KeyChange, Keys } from '@babysea/keys-core';
import { createKeys } from '@babysea/keys-core';
import { makeAuditEvent, makeStoredKey } from '@babysea/keys-core/testing';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelName, LISTENER_APPLICATION_NAME } from './change-feed.js';
import { createPostgresStorage, type PostgresStorage } from './postgres-storage.js';
import {
  ACCOUNT,
  createTestStore,
  OWNER,
  request,
  testDatabaseUrl,
  until,
  within,
} from './test-database.js';

const url = await testDatabaseUrl();

/** Listens on `storage` (LISTEN is active on return); `heard` settles with the change of `keyId`. */
async function nextChange(storage: PostgresStorage, keyId: string) {
  let resolveHeard: (change: KeyChange) => void = () => {};
  const heard = new Promise<KeyChange>((resolve) => {
    resolveHeard = resolve;
  });
  const stop = await storage.subscribe((change) => {
    if (change.keyId === keyId) resolveHeard(change);
  });
  return { heard, stop };
}

async function insertAndRevoke(storage: PostgresStorage) {
  const key = makeStoredKey(ACCOUNT);
  await storage.insertKey(key, makeAuditEvent('api_key.created', key));
  await storage.updateKey(
    ACCOUNT,
    key.id,
    1,
    { revokedAt: 1 },
    makeAuditEvent('api_key.revoked', key),
  );
  return key;
}

describe.skipIf(url === null)('postgres change feed (LISTEN/NOTIFY)', () => {
  let store: ReturnType<typeof createTestStore>;
  let admin: pg.Client;
  const engines: Keys[] = [];
  beforeEach(async () => {
    store = createTestStore(url!);
    admin = new pg.Client({ connectionString: url! });
    await admin.connect();
  });
  afterEach(async () => {
    for (const keys of engines.splice(0)) await keys.close();
    await admin.end();
    await store.cleanup();
  });

  /** The listening backends of this test's schema, from the server's point of view. */
  async function listeners(): Promise<number[]> {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE $2',
      [LISTENER_APPLICATION_NAME, `%"${store.schema}".api_key_changes%`],
    );
    return rows.map((r) => r.pid);
  }

  it('another engine on another pool refuses a revoked key within one second', async () => {
    const a = createKeys({ storage: await store.open(), onError: () => {} });
    const secondStorage = await store.open();
    const b = createKeys({ storage: secondStorage, onError: () => {} });
    engines.push(a, b);
    const { key, secret } = await a.create({
      accountId: ACCOUNT,
      actor: OWNER,
      name: 'prod-api-worker',
      preset: 'full-access',
    });
    expect((await b.verify(request(secret))).ok).toBe(true); // b's cache now holds the key
    const change = await nextChange(secondStorage, key.id); // b's LISTEN connection is up

    const started = performance.now();
    await a.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const revokedAfter = performance.now() - started;
    await within(change.heard, 1000, 'the revoke notification');
    let result = await b.verify(request(secret));
    while (result.ok && performance.now() - started < 1000) {
      await new Promise((resolve) => setImmediate(resolve));
      result = await b.verify(request(secret));
    }
    const refusedAfter = performance.now() - started;
    await change.stop();
    console.log(
      `[keys-postgres] change feed: revoke committed in ${revokedAfter.toFixed(1)} ms; the other ` +
        `engine refused the key ${refusedAfter.toFixed(1)} ms after the revoke started`,
    );
    expect(result).toMatchObject({ ok: false, status: 401, reason: 'revoked' });
    expect(refusedAfter).toBeLessThan(1000);
  });

  it('sends nothing for a rotation that rolled back', async () => {
    const writer = await store.open();
    const reader = await store.open();
    const heard: KeyChange[] = [];
    const stop = await reader.subscribe((change) => heard.push(change));
    const key = makeStoredKey(ACCOUNT);
    const other = makeStoredKey(ACCOUNT);
    await writer.insertKey(key, makeAuditEvent('api_key.created', key));
    await writer.insertKey(other, makeAuditEvent('api_key.created', other));
    // The replacement clashes with an existing hash: the transaction, NOTIFY included, rolls back.
    const clash = makeStoredKey(ACCOUNT, { hash: other.hash, rotatedFrom: key.id });
    const patch = { rotatedAt: 1, graceEndsAt: 2, replacedBy: clash.id };
    const event = makeAuditEvent('api_key.rotated', key);
    await expect(writer.rotateKey(ACCOUNT, key.id, 1, patch, clash, event)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Notifications arrive in commit order: once the marker is here, an earlier one would be too.
    const marker = await insertAndRevoke(writer);
    expect(await until(() => heard.some((c) => c.keyId === marker.id), 5000)).toBe(true);
    await stop();
    expect(heard).toEqual([{ type: 'revoked', keyId: marker.id, hash: marker.hash }]);
  });

  it('replays to a new listener the changes committed before it was listening', async () => {
    const writer = await store.open();
    const key = await insertAndRevoke(writer);
    const late = await store.open();
    const heard: KeyChange[] = [];
    const stop = await late.subscribe((change) => heard.push(change));
    await stop();
    expect(heard).toEqual([{ type: 'revoked', keyId: key.id, hash: key.hash }]);
  });

  it('uses a channel of its own per schema', async () => {
    const other = createTestStore(url!);
    try {
      const here = await store.open();
      const there = await other.open();
      expect(here.channel).toBe(channelName(store.schema));
      expect(there.channel).not.toBe(here.channel);
      const heard: KeyChange[] = [];
      const stop = await there.subscribe((change) => heard.push(change));
      await insertAndRevoke(here);
      const marker = await insertAndRevoke(there);
      expect(await until(() => heard.some((c) => c.keyId === marker.id), 5000)).toBe(true);
      await stop();
      expect(heard.map((c) => c.keyId)).toEqual([marker.id]);
    } finally {
      await other.cleanup();
    }
  });

  it('closes its listening connection when the last listener unsubscribes', async () => {
    const storage = await store.open();
    const stop = await storage.subscribe(() => {});
    const [pid] = await listeners();
    expect(pid).toBeTypeOf('number');
    await stop();
    // The server notices the closed socket a moment later: each check is a real round trip.
    const deadline = performance.now() + 2000;
    let alive = await listeners();
    while (alive.includes(pid!) && performance.now() < deadline) {
      alive = await listeners();
    }
    expect(alive).not.toContain(pid);
  });

  it('reconnects after its connection is killed, and reports the loss through onError', async () => {
    const errors: unknown[] = [];
    let reportLoss = () => {};
    const lost = new Promise<void>((resolve) => {
      reportLoss = resolve;
    });
    const pool = new pg.Pool({ connectionString: url!, max: 2 });
    const storage = createPostgresStorage({
      pool,
      schema: store.schema,
      onError: (error) => {
        errors.push(error);
        reportLoss();
      },
    });
    const writer = await store.open();
    const heard: KeyChange[] = [];
    const stop = await storage.subscribe((change) => heard.push(change));
    const [pid] = await listeners();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await within(lost, 5000, 'the loss report');
    expect(String(errors[0])).toMatch(/change feed connection lost/);
    // Notifications resume without a new subscribe: revoke until one arrives (each attempt
    // waits for its own notification, briefly; the whole is bounded).
    const deadline = performance.now() + 5000;
    let delivered = false;
    while (!delivered && performance.now() < deadline) {
      const key = await insertAndRevoke(writer);
      delivered = await until(() => heard.some((c) => c.keyId === key.id), 100);
    }
    await stop();
    await storage.close();
    await pool.end();
    expect(delivered).toBe(true);
  });
});
