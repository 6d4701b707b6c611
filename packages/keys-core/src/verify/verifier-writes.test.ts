import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, MINUTE, request, T0, verifierFixture } from './test-support.js';

/** The keyed hash the logs use: HMAC-SHA256 with the secret the storage keeps. */
async function keyedHash(
  storage: { getOrCreateSecret(name: string, candidate: string): Promise<string> },
  ip: string,
): Promise<string> {
  const secret = await storage.getOrCreateSecret('ip-hash', 'unused');
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(ip)));
}

describe('verify › last used', () => {
  it('awaits no write: the stamp is pending until the interval fires', async () => {
    const { verifier, addKey, calls, storage, scheduler } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret));
    expect(calls.touchLastUsed ?? 0).toBe(0);
    expect(scheduler.pending).toContain(MINUTE);
    expect((await storage.findKey(ACCOUNT, record.id))?.lastUsedAt).toBeNull();
  });

  it('writes one stamp per key per interval, the latest use, in one batch across keys', async () => {
    const { verifier, addKey, calls, storage, scheduler, clock } = verifierFixture();
    const a = await addKey();
    const b = await addKey();
    for (let i = 0; i < 5; i++) {
      clock.now = T0 + i * 1000;
      await verifier.verify(request(a.secret));
      await verifier.verify(request(b.secret));
    }
    scheduler.run(MINUTE);
    await verifier.flush();
    expect(calls.touchLastUsed).toBe(1);
    expect((await storage.findKey(ACCOUNT, a.record.id))?.lastUsedAt).toBe(T0 + 4000);
    expect((await storage.findKey(ACCOUNT, b.record.id))?.lastUsedAt).toBe(T0 + 4000);
  });

  it('honours lastUsedIntervalMs', async () => {
    const { verifier, addKey, scheduler } = verifierFixture({ lastUsedIntervalMs: 5000 });
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    expect(scheduler.pending).toContain(5000);
  });

  it('writes pending stamps on flush()', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret));
    await verifier.flush();
    expect((await storage.findKey(ACCOUNT, record.id))?.lastUsedAt).toBe(T0);
  });

  it('writes pending stamps on close()', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret));
    await verifier.close();
    expect((await storage.findKey(ACCOUNT, record.id))?.lastUsedAt).toBe(T0);
  });

  it('does not stamp a refused request', async () => {
    const { verifier, addKey, calls } = verifierFixture();
    const { secret } = await addKey({ scopes: ['health:read'] });
    await verifier.verify(request(secret));
    await verifier.flush();
    expect(calls.touchLastUsed ?? 0).toBe(0);
  });

  it('reports a failed write through onError and keeps answering', async () => {
    const { verifier, addKey, failing, errors } = verifierFixture();
    const { secret } = await addKey();
    failing.add('touchLastUsed');
    await verifier.verify(request(secret));
    await verifier.flush();
    expect(errors).toHaveLength(1);
    expect((await verifier.verify(request(secret))).ok).toBe(true);
  });

  it('survives an onError that throws (no unhandled rejection)', async () => {
    const { verifier, addKey, failing } = verifierFixture({
      onError: () => {
        throw new Error('reporter down');
      },
    });
    const { secret } = await addKey();
    failing.add('touchLastUsed');
    failing.add('appendUsageLogs');
    await verifier.verify(request(secret));
    await expect(verifier.flush()).resolves.toBeUndefined();
  });
});

describe('verify › usage logs', () => {
  it('logs a success with time, method, endpoint, sanitized query, status, IP hash and user agent', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(
      request(secret, {
        path: '/v1/content/list',
        query: 'page=2&api_key=leak',
        userAgent: 'curl/8.5.0',
      }),
    );
    await verifier.flush();
    const [row] = await storage.listUsageLogs(ACCOUNT, record.id);
    expect(row).toMatchObject({
      keyId: record.id,
      accountId: ACCOUNT,
      at: T0,
      method: 'GET',
      endpoint: '/v1/content/list',
      query: 'page=2&api_key=[REDACTED]',
      status: 200,
      errorCode: null,
      ipHash: await keyedHash(storage, '203.0.113.10'),
      userAgent: 'curl/8.5.0',
    });
    expect(row?.id).toMatch(/^log_[A-Za-z0-9]{24}$/);
  });

  it('never stores the raw client IP', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret, { ip: '198.51.100.77' }));
    await verifier.flush();
    const rows = await storage.listUsageLogs(ACCOUNT, record.id);
    expect(JSON.stringify(rows)).not.toContain('198.51.100.77');
  });

  it('hashes an IPv4-mapped client as its IPv4 address', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret, { ip: '::ffff:203.0.113.10' }));
    await verifier.flush();
    const [row] = await storage.listUsageLogs(ACCOUNT, record.id);
    expect(row?.ipHash).toBe(await keyedHash(storage, '203.0.113.10'));
  });

  it('logs the endpoint without its query when the path carries one', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret, { path: '/v1/content/list?token=abc' }));
    await verifier.flush();
    const [row] = await storage.listUsageLogs(ACCOUNT, record.id);
    expect(row).toMatchObject({ endpoint: '/v1/content/list', query: 'token=[REDACTED]' });
  });

  it.each([
    ['an IP refusal', { allowlist: ['198.51.100.1'] }, {}, 403, 'BSE1007'],
    ['a scope refusal', { scopes: ['health:read'] }, {}, 403, 'BSE1003'],
    ['an unknown route', {}, { path: '/v1/nope' }, 404, 'BSE9001'],
    ['a revoked key', { revokedAt: T0 - 1 }, {}, 401, 'BSE1002'],
  ])('logs %s with its status and code', async (_, overrides, req, status, errorCode) => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey(overrides);
    await verifier.verify(request(secret, req));
    await verifier.flush();
    const [row] = await storage.listUsageLogs(ACCOUNT, record.id);
    expect(row).toMatchObject({ status, errorCode });
  });

  it('caps a long user agent', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret, record } = await addKey();
    await verifier.verify(request(secret, { userAgent: 'x'.repeat(10_000) }));
    await verifier.flush();
    const [row] = await storage.listUsageLogs(ACCOUNT, record.id);
    expect(row?.userAgent).toHaveLength(256);
  });

  it('writes rows in one batch per interval, not one write per request', async () => {
    const { verifier, addKey, calls, scheduler } = verifierFixture();
    const { secret } = await addKey();
    for (let i = 0; i < 10; i++) await verifier.verify(request(secret));
    expect(calls.appendUsageLogs ?? 0).toBe(0);
    scheduler.run(1000);
    await verifier.flush();
    expect(calls.appendUsageLogs).toBe(1);
  });

  it('loses only the failed batch when a write fails', async () => {
    const { verifier, addKey, failing, storage, errors } = verifierFixture();
    const { secret, record } = await addKey();
    failing.add('appendUsageLogs');
    await verifier.verify(request(secret));
    await verifier.flush();
    failing.delete('appendUsageLogs');
    await verifier.verify(request(secret));
    await verifier.flush();
    expect(await storage.listUsageLogs(ACCOUNT, record.id)).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});
