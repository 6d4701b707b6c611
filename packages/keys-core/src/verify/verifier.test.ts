import { describe, expect, it } from 'vitest';
import { keyChecksum } from '../secret/key.js';
import { HOUR, request, T0, verifierFixture } from './test-support.js';

describe('verify › the Authorization header (step 1)', () => {
  it.each([
    ['missing', null],
    ['undefined', undefined],
    ['empty', ''],
  ])('given a %s header › 401 BSE1001', async (_, authorization) => {
    const { verifier } = verifierFixture();
    const result = await verifier.verify({ ...request(null), authorization });
    expect(result).toMatchObject({
      ok: false,
      status: 401,
      code: 'BSE1001',
      reason: 'missing_header',
    });
  });

  it.each([
    ['Basic', 'Basic dXNlcjpwYXNz'],
    ['Token', 'Token bye_abc'],
    ['a scheme glued to the key', 'Bearerbye_abc'],
    ['the key alone', 'bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9'],
  ])('given the %s scheme › 401 BSE1001', async (_, authorization) => {
    const { verifier } = verifierFixture();
    const result = await verifier.verify({ ...request(null), authorization });
    expect(result).toMatchObject({ status: 401, code: 'BSE1001', reason: 'invalid_scheme' });
  });

  it.each([['Bearer'], ['Bearer ']])(
    'given %j without a token › 401 BSE1001',
    async (authorization) => {
      const { verifier } = verifierFixture();
      const result = await verifier.verify({ ...request(null), authorization });
      expect(result).toMatchObject({ status: 401, code: 'BSE1001', reason: 'missing_token' });
    },
  );

  it.each(['bearer', 'BEARER', 'BeArEr'])(
    'refuses the scheme spelled %s with a valid key › 401 BSE1001 (only the exact Bearer)',
    async (scheme) => {
      const { verifier, addKey } = verifierFixture();
      const { secret } = await addKey();
      const result = await verifier.verify({
        ...request(null),
        authorization: `${scheme} ${secret}`,
      });
      expect(result).toMatchObject({ status: 401, code: 'BSE1001', reason: 'invalid_scheme' });
    },
  );

  it.each([
    ['two spaces', (k: string) => `Bearer  ${k}`],
    ['a tab', (k: string) => `Bearer\t${k}`],
    ['trailing junk', (k: string) => `Bearer ${k} extra`],
    ['a trailing space', (k: string) => `Bearer ${k} `],
    ['a comma list', (k: string) => `Bearer ${k}, Bearer ${k}`],
    ['non-ASCII', (k: string) => `Bearer ${k.slice(0, -1)}é`],
    ['a NUL byte', (k: string) => `Bearer ${k.slice(0, -1)}\u0000`],
    ['a 100 kB header', (k: string) => `Bearer ${k}${'a'.repeat(100_000)}`],
    ['quotes', (k: string) => `Bearer "${k}"`],
  ])('given %s › 401 BSE1002 without touching storage', async (_, spell) => {
    const { verifier, addKey, calls } = verifierFixture();
    const { secret } = await addKey();
    const result = await verifier.verify({ ...request(null), authorization: spell(secret) });
    expect(result).toMatchObject({ ok: false, status: 401, code: 'BSE1002' });
    expect(calls.findKeyByHash ?? 0).toBe(0);
  });

  it('refuses a 100 kB header as malformed before looking at its scheme', async () => {
    const { verifier } = verifierFixture();
    const result = await verifier.verify({
      ...request(null),
      authorization: `Basic ${'a'.repeat(100_000)}`,
    });
    expect(result).toMatchObject({ code: 'BSE1002', reason: 'malformed' });
  });
});

describe('verify › the key (step 2)', () => {
  it('given a well-formed key with a bad checksum › 401 BSE1002 (checksum) without a storage read', async () => {
    const { verifier, addKey, calls } = verifierFixture();
    const { secret } = await addKey();
    const body = secret.slice(0, -6);
    const wrong = keyChecksum(`${body}x`) === secret.slice(-6) ? 'AAAAAA' : keyChecksum(`${body}x`);
    const result = await verifier.verify(request(`${body}${wrong}`));
    expect(result).toMatchObject({ status: 401, code: 'BSE1002', reason: 'checksum' });
    expect(calls.findKeyByHash ?? 0).toBe(0);
  });

  it('given another prefix › 401 BSE1002 (malformed)', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey();
    const result = await verifier.verify(request(`sk_${secret.slice(3)}`));
    expect(result).toMatchObject({ code: 'BSE1002', reason: 'malformed' });
  });

  it('given a valid key nobody created › 401 BSE1002 (unknown_key)', async () => {
    const { verifier } = verifierFixture();
    const body = 'a'.repeat(32);
    const result = await verifier.verify(request(`bye_${body}${keyChecksum(`bye_${body}`)}`));
    expect(result).toMatchObject({ status: 401, code: 'BSE1002', reason: 'unknown_key' });
  });

  it('reads storage exactly once per verification', async () => {
    const { verifier, addKey, calls } = verifierFixture({ cache: { ttlMs: 0 } });
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(2);
    // Nothing else was read (the change-feed subscription is made once, at construction).
    // Besides the one read: the feed and the IP-hash secret, once each at start-up.
    expect(Object.keys(calls).sort()).toEqual(['findKeyByHash', 'getOrCreateSecret', 'subscribe']);
  });

  it('given a storage failure › 503 BSE9002, retryable, reported, never admitted', async () => {
    const { verifier, addKey, failing, errors } = verifierFixture();
    const { secret } = await addKey();
    failing.add('findKeyByHash');
    const result = await verifier.verify(request(secret));
    expect(result).toMatchObject({
      ok: false,
      status: 503,
      code: 'BSE9002',
      retryable: true,
      reason: 'storage_unavailable',
    });
    expect(errors).toHaveLength(1);
  });

  it('given an adapter that throws synchronously › 503, not an exception', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret } = await addKey();
    storage.findKeyByHash = () => {
      throw new Error('boom');
    };
    await expect(verifier.verify(request(secret))).resolves.toMatchObject({ status: 503 });
  });

  it('given a record whose hash is not the key’s (an adapter bug) › 401, never admitted', async () => {
    const { verifier, addKey, storage } = verifierFixture();
    const { secret } = await addKey();
    const { record: other } = await addKey();
    storage.findKeyByHash = async () => other;
    await expect(verifier.verify(request(secret))).resolves.toMatchObject({ code: 'BSE1002' });
  });
});

describe('verify › lifecycle (step 3)', () => {
  it('given a revoked key › 401 BSE1002 with the same message as an unknown key', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ revokedAt: T0 - 1 });
    const unknown = await verifier.verify(
      request(`bye_${'b'.repeat(32)}${keyChecksum(`bye_${'b'.repeat(32)}`)}`),
    );
    const revoked = await verifier.verify(request(secret));
    expect(revoked).toMatchObject({ status: 401, code: 'BSE1002', reason: 'revoked' });
    expect(!revoked.ok && !unknown.ok && revoked.message).toBe(!unknown.ok && unknown.message);
  });

  it('admits a key until its expiry and refuses it from that instant (moved clock)', async () => {
    const { verifier, addKey, clock } = verifierFixture();
    const { secret } = await addKey({ expiresAt: T0 + HOUR });
    clock.now = T0 + HOUR - 1;
    expect((await verifier.verify(request(secret))).ok).toBe(true);
    clock.now = T0 + HOUR;
    expect(await verifier.verify(request(secret))).toMatchObject({
      code: 'BSE1002',
      reason: 'expired',
    });
  });

  it('admits a rotated key during its grace, as Rotated', async () => {
    const { verifier, addKey, clock } = verifierFixture();
    const { secret } = await addKey({ rotatedAt: T0, graceEndsAt: T0 + 24 * HOUR });
    clock.now = T0 + 24 * HOUR - 1;
    const result = await verifier.verify(request(secret));
    expect(result).toMatchObject({ ok: true, key: { status: 'Rotated' } });
  });

  it('refuses a rotated key once its grace has ended', async () => {
    const { verifier, addKey, clock } = verifierFixture();
    const { secret } = await addKey({ rotatedAt: T0, graceEndsAt: T0 + 24 * HOUR });
    clock.now = T0 + 24 * HOUR;
    expect(await verifier.verify(request(secret))).toMatchObject({
      code: 'BSE1002',
      reason: 'rotated_past_grace',
    });
  });

  it('refuses a key that expired on a cached entry once the clock passes the expiry', async () => {
    const { verifier, addKey, clock, calls } = verifierFixture();
    const { secret } = await addKey({ expiresAt: T0 + 1000 });
    expect((await verifier.verify(request(secret))).ok).toBe(true);
    clock.now = T0 + 1000;
    expect(await verifier.verify(request(secret))).toMatchObject({ reason: 'expired' });
    expect(calls.findKeyByHash).toBe(1);
  });
});

describe('verify › the order of the checks', () => {
  it('a revoked key from an allowed IP on an unknown route › 401, not 404', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ revokedAt: T0 - 1, allowlist: ['203.0.113.10'] });
    const result = await verifier.verify(request(secret, { path: '/v1/nope' }));
    expect(result).toMatchObject({ status: 401, code: 'BSE1002' });
  });

  it('a live key from a refused IP on an unknown route › 403 BSE1007, not 404', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ allowlist: ['198.51.100.1'] });
    const result = await verifier.verify(request(secret, { path: '/v1/nope' }));
    expect(result).toMatchObject({ status: 403, code: 'BSE1007' });
  });

  it('a key from a refused IP without the scope › 403 BSE1007 (IP before scope)', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ allowlist: ['198.51.100.1'], scopes: ['health:read'] });
    const result = await verifier.verify(request(secret, { path: '/v1/usage' }));
    expect(result).toMatchObject({ code: 'BSE1007' });
  });
});

describe('verify › routes and scopes (step 5)', () => {
  it('refuses a route outside the table with 404 BSE9001, never allowing it', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret, record } = await addKey();
    const result = await verifier.verify(request(secret, { path: '/v1/admin' }));
    expect(result).toMatchObject({ ok: false, status: 404, code: 'BSE9001', keyId: record.id });
  });

  it('refuses a path with a dot segment as an unknown route', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey();
    const result = await verifier.verify(request(secret, { path: '/v1/content/%2e%2e/usage' }));
    expect(result).toMatchObject({ code: 'BSE9001' });
  });

  it('refuses a missing scope with 403 BSE1003 naming the scope', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ scopes: ['health:read'] });
    const result = await verifier.verify(request(secret, { path: '/v1/usage' }));
    expect(result).toMatchObject({ status: 403, code: 'BSE1003', reason: 'insufficient_scope' });
    expect(!result.ok && result.message).toContain('account:read');
  });

  it('matches a model identifier holding a slash', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ scopes: ['generation:write'] });
    const result = await verifier.verify(
      request(secret, { method: 'POST', path: '/v1/generate/image/bfl/flux-schnell' }),
    );
    expect(result).toMatchObject({ ok: true, scope: 'generation:write' });
  });

  it('matches a path that still carries its query string', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey();
    const result = await verifier.verify(request(secret, { path: '/v1/content/list?page=2' }));
    expect(result).toMatchObject({ ok: true, scope: 'generation:read' });
  });
});

describe('verify › success (step 6)', () => {
  it('hands over the key’s id, account, name, prefix and scopes, never its hash', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret, record } = await addKey({ scopes: ['account:read'] });
    const result = await verifier.verify(request(secret));
    expect(result).toEqual({
      ok: true,
      scope: 'account:read',
      key: {
        id: record.id,
        accountId: record.accountId,
        name: record.name,
        prefix: record.prefix,
        scopes: ['account:read'],
        status: 'Active',
        createdAt: record.createdAt,
        expiresAt: null,
        lastUsedAt: null,
      },
    });
    expect(JSON.stringify(result)).not.toContain(record.hash);
  });

  it('returns a settled promise on a cache hit (no storage read)', async () => {
    const { verifier, addKey, calls } = verifierFixture();
    const { secret } = await addKey();
    await verifier.verify(request(secret));
    await verifier.verify(request(secret));
    expect(calls.findKeyByHash).toBe(1);
  });
});
