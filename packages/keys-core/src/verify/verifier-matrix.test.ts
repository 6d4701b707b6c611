import { describe, expect, it } from 'vitest';
import { request, verifierFixture } from './test-support.js';

// PRODUCT.md §4, written out by hand (not read from the policy) so that a wrong table fails.
const PRESETS: Record<string, string[]> = {
  'full-access': [
    'generation:write',
    'generation:read',
    'generation:delete',
    'account:read',
    'health:read',
    'library:read',
  ],
  'generate-only': ['generation:write', 'generation:read', 'library:read'],
  'read-only': ['generation:read', 'account:read', 'health:read', 'library:read'],
  'monitor-only': ['health:read', 'library:read'],
};

const ROUTES: [method: string, path: string, scope: string][] = [
  ['POST', '/v1/generate/image/bfl/flux-schnell', 'generation:write'],
  ['POST', '/v1/generate/video/google/veo-3', 'generation:write'],
  ['GET', '/v1/content/gen_123', 'generation:read'],
  ['GET', '/v1/content/list', 'generation:read'],
  ['DELETE', '/v1/content/gen_123', 'generation:delete'],
  ['POST', '/v1/content/generation/cancel/gen_123', 'generation:delete'],
  ['GET', '/v1/status', 'account:read'],
  ['GET', '/v1/usage', 'account:read'],
  ['GET', '/v1/user/account', 'account:read'],
  ['GET', '/v1/user/billing', 'account:read'],
  ['GET', '/v1/health/inference/providers', 'health:read'],
  ['GET', '/v1/health/inference/models', 'health:read'],
  ['GET', '/v1/health/storage', 'health:read'],
  ['GET', '/v1/health/cache', 'health:read'],
  ['GET', '/v1/library/providers', 'library:read'],
  ['GET', '/v1/library/models', 'library:read'],
  ['GET', '/v1/estimate/bfl/flux-schnell', 'library:read'],
];

const CASES = Object.entries(PRESETS).flatMap(([preset, scopes]) =>
  ROUTES.map(([method, path, scope]) => ({
    preset,
    scopes,
    method,
    path,
    scope,
    allowed: scopes.includes(scope),
  })),
);

describe('verify › preset × route matrix (4 × 17)', () => {
  it('covers every route of the table', () => {
    expect(CASES).toHaveLength(68);
  });

  it.each(CASES)(
    '$preset $method $path → allowed: $allowed',
    async ({ preset, scopes, method, path, scope, allowed }) => {
      const { verifier, addKey } = verifierFixture();
      const { secret } = await addKey({ preset, scopes });
      const result = await verifier.verify(request(secret, { method, path }));
      if (allowed) expect(result).toMatchObject({ ok: true, scope });
      else expect(result).toMatchObject({ ok: false, status: 403, code: 'BSE1003' });
    },
  );
});

describe('verify › IP allowlist (step 4)', () => {
  it.each([
    ['an exact IPv4', ['203.0.113.10'], '203.0.113.10', true],
    ['another IPv4', ['203.0.113.10'], '203.0.113.11', false],
    ['an IPv4 CIDR', ['10.0.0.0/8'], '10.1.2.3', true],
    ['outside an IPv4 CIDR', ['10.0.0.0/8'], '11.0.0.1', false],
    ['an IPv6 in another spelling', ['2001:db8::1'], '2001:db8:0:0::1', true],
    ['an IPv6 CIDR', ['2001:db8::/32'], '2001:db8:ffff::1', true],
    ['outside an IPv6 CIDR', ['2001:db8::/32'], '2001:db9::1', false],
    ['an IPv4-mapped client for an IPv4 entry', ['203.0.113.10'], '::ffff:203.0.113.10', true],
    ['an IPv4 client for an IPv6 entry', ['2001:db8::1'], '203.0.113.10', false],
    [
      'one of several entries',
      ['198.51.100.1', '2001:db8::/32', '203.0.113.0/24'],
      '203.0.113.99',
      true,
    ],
  ])('%s → allowed: %s', async (_, allowlist, ip, allowed) => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ allowlist });
    const result = await verifier.verify(request(secret, { ip }));
    if (allowed) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ status: 403, code: 'BSE1007', reason: 'ip_not_allowed' });
  });

  it('allows any IP when the key has no allowlist', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ allowlist: [] });
    expect((await verifier.verify(request(secret, { ip: '2001:db8::99' }))).ok).toBe(true);
  });

  it('allows an unknown IP when the key has no allowlist', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ allowlist: [] });
    expect((await verifier.verify(request(secret, { ip: null }))).ok).toBe(true);
  });

  it.each([null, '', 'not-an-ip', '203.0.113.999', '203.0.113.10:8080'])(
    'fails closed on client IP %j when the key has an allowlist',
    async (ip) => {
      const { verifier, addKey } = verifierFixture();
      const { secret } = await addKey({ allowlist: ['0.0.0.0/0'] });
      const result = await verifier.verify(request(secret, { ip }));
      expect(result).toMatchObject({ status: 403, code: 'BSE1007', reason: 'invalid_client_ip' });
    },
  );

  it('takes VerifyInput.ip as the client: the engine reads no forwarding header', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ allowlist: ['203.0.113.10'] });
    expect((await verifier.verify(request(secret, { ip: '203.0.113.10' }))).ok).toBe(true);
    expect(await verifier.verify(request(secret, { ip: '10.0.0.2' }))).toMatchObject({
      code: 'BSE1007',
    });
  });
});
