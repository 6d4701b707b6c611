import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../secret/hash.js';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, MEMBER, testEngine } from '../test-support/test-engine.js';

describe('keys.hashIp and keyed IP hashes in usage logs', () => {
  it('hashes an address exactly as the usage log of a request from it', async () => {
    const engine = testEngine();
    const { secret, key } = await engine.create();
    await engine.keys.verify({
      authorization: `Bearer ${secret}`,
      ip: '::ffff:198.51.100.7',
      method: 'GET',
      path: '/v1/status',
    });
    await engine.keys.flush();
    const [log] = await engine.keys.logs({ accountId: ACCOUNT, actor: MEMBER, keyId: key.id });
    const hashed = await engine.keys.hashIp({
      accountId: ACCOUNT,
      actor: MEMBER,
      ip: '198.51.100.7',
    });
    expect(hashed).toEqual({ ip: '198.51.100.7', ipHash: log!.ipHash });
  });

  it('logs a keyed hash, not the plain SHA-256 anyone can compute for every IPv4 address', async () => {
    const engine = testEngine();
    const hashed = await engine.keys.hashIp({
      accountId: ACCOUNT,
      actor: MEMBER,
      ip: '198.51.100.7',
    });
    expect(hashed.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed.ipHash).not.toBe(sha256Hex('198.51.100.7'));
  });

  it('gives two engines on one storage the same hash (the secret is kept by the storage)', async () => {
    const storage = createMemoryStorage();
    const first = testEngine({ storage });
    const second = testEngine({ storage });
    const input = { accountId: ACCOUNT, actor: MEMBER, ip: '2001:db8::1' };
    expect(await first.keys.hashIp(input)).toEqual(await second.keys.hashIp(input));
  });

  it('gives two deployments (two storages) different hashes for one address', async () => {
    const input = { accountId: ACCOUNT, actor: MEMBER, ip: '203.0.113.10' };
    const a = await testEngine().keys.hashIp(input);
    const b = await testEngine().keys.hashIp(input);
    expect(a.ipHash).not.toBe(b.ipHash);
  });

  it('uses ipHashSecret when given, without asking the storage', async () => {
    const storage = createMemoryStorage();
    const input = { accountId: ACCOUNT, actor: MEMBER, ip: '203.0.113.10' };
    const a = await testEngine({ ipHashSecret: 'shared-secret-0123456789' }).keys.hashIp(input);
    const b = await testEngine({ storage, ipHashSecret: 'shared-secret-0123456789' }).keys.hashIp(
      input,
    );
    expect(a).toEqual(b);
    await expect(storage.getOrCreateSecret('ip-hash', 'unused')).resolves.toBe('unused');
  });

  it.each(['not an ip', '', '10.0.0.999', '203.0.113.0/24'])(
    'refuses %j as ip with VALIDATION_FAILED',
    async (ip) => {
      await expect(
        testEngine().keys.hashIp({ accountId: ACCOUNT, actor: MEMBER, ip }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ field: 'ip' }],
      });
    },
  );

  it('refuses an ipHashSecret shorter than 16 characters at start-up', () => {
    expect(() => testEngine({ ipHashSecret: 'short' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIGURATION' }),
    );
  });
});
