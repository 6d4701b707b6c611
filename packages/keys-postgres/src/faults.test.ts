import { createKeys, generateKey, type Keys } from '@babysea/keys-core';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStorage } from './postgres-storage.js';
import { ACCOUNT, createTestStore, OWNER, request, testDatabaseUrl } from './test-database.js';

const url = await testDatabaseUrl();

describe.skipIf(url === null)('postgres faults', () => {
  let store: ReturnType<typeof createTestStore>;
  let engines: Keys[];
  beforeEach(() => {
    store = createTestStore(url!);
    engines = [];
  });
  afterEach(async () => {
    for (const keys of engines) await keys.close();
    await store.cleanup();
  });

  async function engine() {
    const storage = await store.open();
    const errors: unknown[] = [];
    const keys = createKeys({ storage, onError: (error) => errors.push(error) });
    engines.push(keys);
    return { keys, storage, errors };
  }

  const create = (keys: Keys) =>
    keys.create({
      accountId: ACCOUNT,
      actor: OWNER,
      name: 'prod-api-worker',
      preset: 'full-access',
    });

  describe('storage faults fail closed', () => {
    it('verify refuses with 503 BSE9002 once the pool has been ended', async () => {
      const { keys, storage } = await engine();
      const { secret } = await create(keys);
      await storage.pool.end();
      expect(await keys.verify(request(secret))).toMatchObject({
        ok: false,
        status: 503,
        code: 'BSE9002',
        retryable: true,
        reason: 'storage_unavailable',
      });
    });

    it('verify refuses with 503 after close() ended the pool the adapter owned', async () => {
      const owned = createPostgresStorage({ connectionString: url!, schema: store.schema });
      const keys = createKeys({ storage: owned, onError: () => {} });
      engines.push(keys);
      const { secret } = await create(keys);
      await owned.close();
      expect(owned.pool.ended || owned.pool.ending).toBe(true);
      const result = await keys.verify(request(secret));
      expect(result).toMatchObject({ ok: false, status: 503, code: 'BSE9002' });
    });

    it('verify refuses with 503 when no server answers', async () => {
      const pool = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1000 });
      const storage = createPostgresStorage({
        pool,
        schema: store.schema,
        migrate: false,
        onError: () => {},
      });
      const keys = createKeys({ storage, onError: () => {} });
      engines.push(keys);
      // A well-formed key that is in no cache: the verifier has to ask the (absent) server.
      const result = await keys.verify(request(generateKey()));
      await pool.end();
      expect(result).toMatchObject({ ok: false, status: 503, code: 'BSE9002' });
    });

    it('management calls on an ended pool throw STORAGE_UNAVAILABLE with the driver error', async () => {
      const { keys, storage } = await engine();
      await storage.pool.end();
      const error = await create(keys).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
      expect(String((error as Error).cause)).toMatch(/Cannot use a pool after calling end/);
    });
  });

  describe('no partial writes', () => {
    async function injectFault(table: string, when = 'true') {
      const s = `"${store.schema}"`;
      const admin = new pg.Client({ connectionString: url! });
      await admin.connect();
      await admin.query(`CREATE OR REPLACE FUNCTION ${s}.injected_fault() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
      await admin.query(`CREATE TRIGGER injected_fault BEFORE INSERT ON ${s}.${table}
        FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${s}.injected_fault()`);
      return async () => {
        await admin.query(`DROP TRIGGER injected_fault ON ${s}.${table}`);
        await admin.end();
      };
    }

    it('a rotation that fails midway leaves no replacement and the old key Active', async () => {
      const { keys } = await engine();
      const { key, secret } = await create(keys);
      const heal = await injectFault('api_keys', 'NEW.rotated_from IS NOT NULL');
      const error = await keys
        .rotate({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })
        .catch((e: unknown) => e);
      await heal();
      expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      const listed = await keys.list({ accountId: ACCOUNT, actor: OWNER });
      expect(listed.map((k) => [k.id, k.status, k.replacedBy])).toEqual([[key.id, 'Active', null]]);
      const audit = await keys.audit({ accountId: ACCOUNT, actor: OWNER });
      expect(audit.map((e) => e.type)).toEqual(['api_key.created']);
      expect((await keys.verify(request(secret))).ok).toBe(true);
    });

    it('a usage-log batch that fails never loses the key', async () => {
      const { keys, errors } = await engine();
      const { key, secret } = await create(keys);
      const heal = await injectFault('api_key_usage_logs');
      expect((await keys.verify(request(secret))).ok).toBe(true);
      await keys.flush();
      await heal();
      expect(errors.length).toBeGreaterThan(0); // reported, not thrown at the request
      expect(await keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })).toMatchObject({
        id: key.id,
        status: 'Active',
      });
      expect(await keys.logs({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })).toEqual([]);
      expect((await keys.verify(request(secret))).ok).toBe(true);
    });

    it('logs that arrive after their key was deleted are dropped without an error', async () => {
      const { keys, errors } = await engine();
      const { key, secret } = await create(keys);
      expect((await keys.verify(request(secret))).ok).toBe(true);
      await keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
      await keys.flush();
      expect(errors).toEqual([]);
    });
  });
});
