import { makeAuditEvent, makeStoredKey, makeUsageLog } from '@babysea/keys-core/testing';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPostgresStorage, type PostgresStorage } from './postgres-storage.js';
import { createTestStore, testDatabaseUrl } from './test-database.js';

const url = await testDatabaseUrl();

describe.skipIf(url === null)('postgres adapter', () => {
  let store: ReturnType<typeof createTestStore>;
  beforeEach(() => {
    store = createTestStore(url!);
  });
  afterEach(() => store.cleanup());

  async function withKey(storage: PostgresStorage) {
    const key = makeStoredKey('acct_1');
    await storage.insertKey(key, makeAuditEvent('api_key.created', key));
    return key;
  }

  describe('the pool', () => {
    it('never ends a pool it was given', async () => {
      const storage = await store.open();
      await storage.close();
      expect(storage.pool.ending).toBe(false);
      expect((await storage.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('owns the pool it made from a connection string, and ends it in close()', async () => {
      const storage = createPostgresStorage({ connectionString: url!, schema: store.schema });
      await storage.ready();
      await storage.close();
      expect(storage.pool.ending).toBe(true);
    });

    it('gives the pool it owns connection, statement and query timeouts and TCP keep-alive', async () => {
      const storage = createPostgresStorage({ connectionString: url!, schema: store.schema });
      await storage.ready();
      expect(storage.pool.options).toMatchObject({
        connectionTimeoutMillis: 5000,
        query_timeout: 6000,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      });
      // The server-side settings are in force on its connections.
      const { rows } = await storage.pool.query(
        "SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle",
      );
      expect(rows).toEqual([{ statement: '5s', idle: '10s' }]);
      await storage.close();
    });

    it('ends a statement that waits on a lock past statement_timeout instead of hanging', async () => {
      const storage = createPostgresStorage({ connectionString: url!, schema: store.schema });
      await storage.ready();
      const client = await storage.pool.connect();
      try {
        await client.query("SET statement_timeout = '200ms'");
        const locker = new pg.Client({ connectionString: url! });
        await locker.connect();
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE "${store.schema}".api_keys IN ACCESS EXCLUSIVE MODE`);
        await expect(
          client.query(`SELECT count(*) FROM "${store.schema}".api_keys`),
        ).rejects.toMatchObject({ code: '57014' });
        await locker.query('ROLLBACK');
        await locker.end();
      } finally {
        await client.query("SET statement_timeout = '5s'");
        client.release();
        await storage.close();
      }
    });

    it('wants exactly one of pool and connectionString', () => {
      expect(() => createPostgresStorage({})).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIGURATION' }),
      );
      const pool = new pg.Pool({ connectionString: url! });
      expect(() => createPostgresStorage({ pool, connectionString: url! })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIGURATION' }),
      );
      void pool.end();
    });
  });

  describe('change journal', () => {
    it('is pruned with the usage logs, keeping the last 15 minutes', async () => {
      const storage = await store.open();
      const s = `"${store.schema}"`;
      await storage.pool.query(
        `INSERT INTO ${s}.api_key_changes (type, key_id, hash, changed_at)
         VALUES ('revoked', 'key_old', 'h1', now() - interval '16 minutes'),
                ('revoked', 'key_new', 'h2', now() - interval '14 minutes')`,
      );
      await storage.purgeUsageLogs(0);
      const { rows } = await storage.pool.query(`SELECT key_id FROM ${s}.api_key_changes`);
      expect(rows).toEqual([{ key_id: 'key_new' }]);
    });
  });

  describe('types', () => {
    it('reads bigint timestamps as numbers', async () => {
      const storage = await store.open();
      const key = await withKey(storage);
      const found = await storage.findKeyByHash(key.hash);
      expect(found?.createdAt).toBeTypeOf('number');
      expect(found).toEqual(key);
    });

    it("leaves pg's global type parsers alone", async () => {
      const storage = await store.open();
      await withKey(storage);
      const { rows } = await storage.pool.query(
        `SELECT created_at FROM "${store.schema}".api_keys`,
      );
      expect(rows[0].created_at).toBeTypeOf('string'); // pg's default for int8
    });
  });

  describe('batches', () => {
    it('writes a last-used batch in one statement, keeping the greatest stamp per key', async () => {
      const storage = await store.open();
      const key = await withKey(storage);
      const query = vi.spyOn(storage.pool, 'query');
      await storage.touchLastUsed([
        { id: key.id, at: 30 },
        { id: key.id, at: 10 },
        { id: 'key_unknown', at: 40 },
      ]);
      expect(query).toHaveBeenCalledTimes(1);
      expect((await storage.findKey(key.accountId, key.id))?.lastUsedAt).toBe(30);
    });

    it('appends a usage-log batch in one statement', async () => {
      const storage = await store.open();
      const key = await withKey(storage);
      const query = vi.spyOn(storage.pool, 'query');
      await storage.appendUsageLogs([makeUsageLog(key), makeUsageLog(key), makeUsageLog(key)]);
      expect(query).toHaveBeenCalledTimes(1);
      expect(await storage.listUsageLogs(key.accountId, key.id)).toHaveLength(3);
    });

    it('keeps the logs of known keys and drops those of a missing key', async () => {
      const storage = await store.open();
      const key = await withKey(storage);
      const ghost = makeStoredKey(key.accountId);
      await storage.appendUsageLogs([makeUsageLog(key), makeUsageLog(ghost), makeUsageLog(key)]);
      expect(await storage.listUsageLogs(key.accountId, key.id)).toHaveLength(2);
      expect(await storage.listUsageLogs(key.accountId, ghost.id)).toEqual([]);
    });

    it('drops the logs of a key deleted while their batch waited on it, and keeps the rest', async () => {
      const storage = await store.open();
      const doomed = await withKey(storage);
      const kept = await withKey(storage);
      const admin = new pg.Client({ connectionString: url! });
      await admin.connect();
      await admin.query('BEGIN');
      await admin.query(`DELETE FROM "${store.schema}".api_keys WHERE id = $1`, [doomed.id]);
      const appending = storage.appendUsageLogs([makeUsageLog(doomed), makeUsageLog(kept)]);
      // The insert's foreign-key check now waits for the uncommitted delete (each check below
      // is a real round trip; bounded).
      const waiting = async () =>
        (
          await admin.query(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO%api_key_usage_logs%'",
          )
        ).rowCount ?? 0;
      const deadline = performance.now() + 5000;
      while ((await waiting()) === 0 && performance.now() < deadline) {}
      await admin.query('COMMIT');
      await admin.end();
      await expect(appending).resolves.toBeUndefined();
      expect(await storage.listUsageLogs(kept.accountId, kept.id)).toHaveLength(1);
      expect(await storage.listUsageLogs(doomed.accountId, doomed.id)).toEqual([]);
    });

    it('writes none of a batch with a bad row, and leaves the key intact', async () => {
      const storage = await store.open();
      const key = await withKey(storage);
      const bad = { ...makeUsageLog(key), method: null as unknown as string };
      await expect(storage.appendUsageLogs([makeUsageLog(key), bad])).rejects.toThrow(/null value/);
      expect(await storage.listUsageLogs(key.accountId, key.id)).toEqual([]);
      expect(await storage.findKeyByHash(key.hash)).toEqual(key);
    });
  });
});
