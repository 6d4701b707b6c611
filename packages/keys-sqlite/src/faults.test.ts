import { createKeys, type Keys } from '@babysea/keys-core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, createTestFile, OWNER, request } from './test-files.js';

let file: ReturnType<typeof createTestFile>;
let engines: Keys[];
beforeEach(() => {
  file = createTestFile();
  engines = [];
});
afterEach(async () => {
  for (const keys of engines) await keys.close();
  file.cleanup();
});

function engine(options: { busyTimeoutMs?: number } = {}) {
  const storage = file.open(options);
  const errors: unknown[] = [];
  const keys = createKeys({ storage, onError: (error) => errors.push(error) });
  engines.push(keys);
  return { keys, storage, errors };
}

const create = (keys: Keys) =>
  keys.create({ accountId: ACCOUNT, actor: OWNER, name: 'prod-api-worker', preset: 'full-access' });

const causeCode = (error: unknown) => (error as { cause?: { code?: string } }).cause?.code;

describe('storage faults fail closed', () => {
  it('verify refuses with 503 BSE9002 once the adapter closed its database', async () => {
    const { keys, storage } = engine();
    const { secret } = await create(keys);
    storage.close();
    expect(await keys.verify(request(secret))).toMatchObject({
      ok: false,
      status: 503,
      code: 'BSE9002',
      retryable: true,
      reason: 'storage_unavailable',
    });
  });

  it('verify refuses with 503 when the owner closes a Database it gave the adapter', async () => {
    const db = new Database(file.file);
    const { createSqliteStorage } = await import('./sqlite-storage.js');
    const keys = createKeys({ storage: createSqliteStorage({ database: db }), onError: () => {} });
    engines.push(keys);
    const { secret } = await create(keys);
    db.close();
    const result = await keys.verify(request(secret));
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ status: 503, code: 'BSE9002' });
  });

  it('management calls on a closed database throw STORAGE_UNAVAILABLE with the driver error', async () => {
    const { keys, storage } = engine();
    storage.close();
    const error = await create(keys).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(String((error as Error).cause)).toMatch(/database connection is not open/);
  });

  it('a write on a locked file waits busy_timeout, then fails with SQLITE_BUSY', async () => {
    const { keys } = engine({ busyTimeoutMs: 50 });
    const holder = new Database(file.file);
    holder.exec('BEGIN IMMEDIATE');
    const error = await create(keys).catch((e: unknown) => e);
    holder.exec('ROLLBACK');
    holder.close();
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(causeCode(error)).toBe('SQLITE_BUSY');
    expect(await create(keys)).toHaveProperty('secret'); // the lock gone, writes work again
  });

  it('reads keep working while another connection holds the write lock (WAL)', async () => {
    const { keys } = engine({ busyTimeoutMs: 50 });
    const { secret } = await create(keys);
    const holder = new Database(file.file);
    holder.exec('BEGIN IMMEDIATE');
    const result = await keys.verify(request(secret));
    holder.exec('ROLLBACK');
    holder.close();
    expect(result.ok).toBe(true);
  });
});

describe('no partial writes', () => {
  it('a rotation that fails midway leaves no replacement and the old key Active', async () => {
    const { keys, storage } = engine();
    const { key, secret } = await create(keys);
    // A real fault inside the rotation's transaction: the replacement's insert aborts.
    storage.database.exec(`CREATE TRIGGER fail_replacement BEFORE INSERT ON api_keys
      WHEN NEW.rotated_from IS NOT NULL BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    const error = await keys
      .rotate({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    const listed = await keys.list({ accountId: ACCOUNT, actor: OWNER });
    expect(listed.map((k) => [k.id, k.status, k.replacedBy])).toEqual([[key.id, 'Active', null]]);
    const audit = await keys.audit({ accountId: ACCOUNT, actor: OWNER });
    expect(audit.map((e) => e.type)).toEqual(['api_key.created']);
    expect((await keys.verify(request(secret))).ok).toBe(true);
  });

  it('a usage-log batch that fails never loses the key', async () => {
    const { keys, storage, errors } = engine();
    const { key, secret } = await create(keys);
    storage.database.exec(`CREATE TRIGGER fail_logs BEFORE INSERT ON api_key_usage_logs
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    expect((await keys.verify(request(secret))).ok).toBe(true);
    await keys.flush();
    expect(errors.length).toBeGreaterThan(0); // reported, not thrown at the request
    storage.database.exec('DROP TRIGGER fail_logs');
    expect(await keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })).toMatchObject({
      id: key.id,
      status: 'Active',
    });
    expect(await keys.logs({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })).toEqual([]);
    expect((await keys.verify(request(secret))).ok).toBe(true);
  });

  it('logs that arrive after their key was deleted are dropped without an error', async () => {
    const { keys, errors } = engine();
    const { key, secret } = await create(keys);
    expect((await keys.verify(request(secret))).ok).toBe(true);
    await keys.delete({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    await keys.flush();
    expect(errors).toEqual([]);
  });
});
