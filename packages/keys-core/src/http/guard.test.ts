import { describe, expect, it } from 'vitest';
import { ACCOUNT, MEMBER, OWNER, testEngine } from '../test-support/test-engine.js';
import { trustProxies } from './client-ip.js';
import { createKeysGuard } from './guard.js';

function get(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`https://api.example.com${path}`, { headers });
}

describe('createKeysGuard', () => {
  it('admits a valid key and hands over the key and scope', async () => {
    const engine = testEngine();
    const { key, secret } = await engine.create();
    const guard = createKeysGuard(engine.keys);
    const result = await guard(get('/v1/status', { authorization: `Bearer ${secret}` }), {
      ip: '203.0.113.10',
    });
    expect(result).toMatchObject({ ok: true, scope: 'account:read', key: { id: key.id } });
  });

  it('answers a missing header with 401, the envelope, WWW-Authenticate: Bearer and no-store', async () => {
    const guard = createKeysGuard(testEngine().keys);
    const result = await guard(get('/v1/status'));
    if (result.ok || result.preflight) throw new Error('admitted');
    expect(result.response.status).toBe(401);
    expect(result.response.headers.get('www-authenticate')).toBe('Bearer');
    expect(result.response.headers.get('cache-control')).toBe('no-store');
    const body = await result.response.json();
    expect(body).toEqual({
      status: 'error',
      request_id: expect.stringMatching(/^req_[A-Za-z0-9]{24}$/),
      error: {
        code: 'BSE1001',
        type: 'authentication_required',
        message: expect.any(String),
        retryable: false,
      },
    });
    expect(result.response.headers.get('x-request-id')).toBe(body.request_id);
  });

  it('answers a bad key with error="invalid_token" and a body that hides the reason', async () => {
    const engine = testEngine();
    const { key, secret } = await engine.create();
    await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    const result = await createKeysGuard(engine.keys)(
      get('/v1/status', { authorization: `Bearer ${secret}` }),
    );
    if (result.ok || result.preflight) throw new Error('admitted');
    expect(result.response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const text = await result.response.text();
    expect(text).not.toContain('revoked');
    expect(result.failure.reason).toBe('revoked');
  });

  it('answers a missing scope with 403 BSE1003', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ preset: 'monitor-only' });
    const result = await createKeysGuard(engine.keys)(
      get('/v1/usage', { authorization: `Bearer ${secret}` }),
    );
    if (result.ok || result.preflight) throw new Error('admitted');
    expect(result.response.status).toBe(403);
    expect((await result.response.json()).error.code).toBe('BSE1003');
  });

  it('answers a storage failure with 503 and Retry-After', async () => {
    const engine = testEngine({ onError: () => {} });
    const { secret } = await engine.create();
    engine.storage.findKeyByHash = async () => {
      throw new Error('connection refused');
    };
    const result = await createKeysGuard(engine.keys)(
      get('/v1/status', { authorization: `Bearer ${secret}` }),
    );
    if (result.ok || result.preflight) throw new Error('admitted');
    expect(result.response.status).toBe(503);
    expect(result.response.headers.get('retry-after')).toBe('5');
    expect((await result.response.json()).error).toMatchObject({
      code: 'BSE9002',
      retryable: true,
    });
  });

  it('uses info.ip for the allowlist', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ allowlist: '203.0.113.10' });
    const guard = createKeysGuard(engine.keys);
    const request = () => get('/v1/status', { authorization: `Bearer ${secret}` });
    expect((await guard(request(), { ip: '203.0.113.10' })).ok).toBe(true);
    expect((await guard(request(), { ip: '198.51.100.1' })).ok).toBe(false);
  });

  it('reads the client from getClientIp (e.g. an edge header) when info has no ip', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ allowlist: '203.0.113.10' });
    const guard = createKeysGuard(engine.keys, {
      getClientIp: (conn) => conn.header('cf-connecting-ip'),
    });
    const result = await guard(
      get('/v1/status', { authorization: `Bearer ${secret}`, 'cf-connecting-ip': '203.0.113.10' }),
    );
    expect(result.ok).toBe(true);
  });

  it('fails closed for an allowlisted key when the IP is unknown', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ allowlist: '203.0.113.10' });
    const result = await createKeysGuard(engine.keys)(
      get('/v1/status', { authorization: `Bearer ${secret}` }),
    );
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'BSE1007', reason: 'invalid_client_ip' },
    });
  });

  it('ignores a spoofed X-Forwarded-For by default', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ allowlist: '203.0.113.10' });
    const headers = { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' };
    const result = await createKeysGuard(engine.keys)(get('/v1/status', headers), {
      ip: '198.51.100.7',
    });
    expect(result).toMatchObject({ ok: false, failure: { code: 'BSE1007' } });
  });

  it('believes a trusted proxy chain through getClientIp: trustProxies', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ allowlist: '203.0.113.10' });
    const guard = createKeysGuard(engine.keys, { getClientIp: trustProxies(['10.0.0.0/8']) });
    const headers = {
      authorization: `Bearer ${secret}`,
      'x-forwarded-for': '1.2.3.4, 203.0.113.10, 10.0.0.7',
    };
    expect((await guard(get('/v1/status', headers), { ip: '10.0.0.2' })).ok).toBe(true);
  });

  it('reads RFC 7239 Forwarded when trustProxies is told to', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ allowlist: '2001:db8::1' });
    const guard = createKeysGuard(engine.keys, {
      getClientIp: trustProxies(['10.0.0.0/8'], { header: 'forwarded' }),
    });
    const headers = { authorization: `Bearer ${secret}`, forwarded: 'for="[2001:db8::1]:4711"' };
    expect((await guard(get('/v1/status', headers), { ip: '10.0.0.2' })).ok).toBe(true);
  });

  describe('Forwarded and X-Forwarded-For both present (a proxy that appends to one passes the other through)', () => {
    // The real client is 198.51.100.7 (appended by the proxy to X-Forwarded-For); the caller
    // wrote `Forwarded: for=203.0.113.10`, the allowlisted address, itself.
    const spoofed = (secret: string) => ({
      authorization: `Bearer ${secret}`,
      forwarded: 'for=203.0.113.10',
      'x-forwarded-for': '198.51.100.7',
    });

    it('trustProxies reads only X-Forwarded-For by default: refused', async () => {
      const engine = testEngine();
      const { secret } = await engine.create({ allowlist: '203.0.113.10' });
      const guard = createKeysGuard(engine.keys, { getClientIp: trustProxies(['10.0.0.0/8']) });
      const result = await guard(get('/v1/status', spoofed(secret)), { ip: '10.0.0.2' });
      expect(result).toMatchObject({ ok: false, failure: { code: 'BSE1007' } });
    });

    it('the X-Forwarded-For client is the one admitted', async () => {
      const engine = testEngine();
      const { secret } = await engine.create({ allowlist: '198.51.100.7' });
      const guard = createKeysGuard(engine.keys, { getClientIp: trustProxies(['10.0.0.0/8']) });
      const result = await guard(get('/v1/status', spoofed(secret)), { ip: '10.0.0.2' });
      expect(result.ok).toBe(true);
    });

    it('header: forwarded reads only Forwarded', async () => {
      const engine = testEngine();
      const { secret } = await engine.create({ allowlist: '198.51.100.7' });
      const guard = createKeysGuard(engine.keys, {
        getClientIp: trustProxies(['10.0.0.0/8'], { header: 'forwarded' }),
      });
      const headers = {
        authorization: `Bearer ${secret}`,
        forwarded: 'for=198.51.100.7',
        'x-forwarded-for': '203.0.113.10',
      };
      expect((await guard(get('/v1/status', headers), { ip: '10.0.0.2' })).ok).toBe(true);
    });
  });

  it('believes no forwarding header by default, even from a private peer', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ allowlist: '203.0.113.10' });
    const headers = { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' };
    const result = await createKeysGuard(engine.keys)(get('/v1/status', headers), {
      ip: '10.0.0.2',
    });
    expect(result).toMatchObject({ ok: false, failure: { code: 'BSE1007' } });
  });

  it.each([
    ['trustedProxies', { trustedProxies: ['10.0.0.0/8'] }],
    ['forwardedHeader', { forwardedHeader: 'forwarded' }],
  ])('refuses the removed %s option with the migration, when it is built', (name, options) => {
    expect(() => createKeysGuard(testEngine().keys, options as never)).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIGURATION',
        message: expect.stringContaining(`${name} was replaced by getClientIp: trustProxies`),
      }),
    );
  });

  it('answers with onDenied’s response when it gives one', async () => {
    const guard = createKeysGuard(testEngine().keys, {
      onDenied: (failure) => new Response(failure.code, { status: 418 }),
    });
    const result = await guard(get('/v1/status'));
    if (result.ok || result.preflight) throw new Error('admitted');
    expect(result.response.status).toBe(418);
    expect(await result.response.text()).toBe('BSE1001');
  });

  it('passes the query and user agent on for the usage log', async () => {
    const engine = testEngine();
    const { key, secret } = await engine.create();
    const guard = createKeysGuard(engine.keys);
    await guard(
      get('/v1/content/list?page=2&token=abc#frag', {
        authorization: `Bearer ${secret}`,
        'user-agent': 'sdk/1.0',
      }),
      { ip: '203.0.113.10' },
    );
    await engine.keys.flush();
    const [row] = await engine.keys.logs({ accountId: ACCOUNT, actor: MEMBER, keyId: key.id });
    expect(row).toMatchObject({
      endpoint: '/v1/content/list',
      query: 'page=2&token=[REDACTED]',
      userAgent: 'sdk/1.0',
    });
  });
});
