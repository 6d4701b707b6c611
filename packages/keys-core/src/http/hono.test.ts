import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/test-engine.js';
import { trustProxies } from './client-ip.js';
import { type KeysVariables, keysAuth } from './hono.js';

async function app(options: Parameters<typeof keysAuth>[1] = {}, allowlist?: string) {
  const engine = testEngine();
  const { key, secret } = await engine.create(allowlist ? { allowlist } : {});
  const hono = new Hono<{ Variables: KeysVariables }>();
  hono.use('/v1/*', keysAuth(engine.keys, options));
  hono.get('/v1/status', (c) => c.json({ id: c.get('apiKey').id, scope: c.get('apiKeyScope') }));
  // @hono/node-server puts the Node request on `c.env.incoming`.
  const nodeEnv = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
  return { hono, key, secret, nodeEnv };
}

describe('hono keysAuth', () => {
  it('sets c.get("apiKey") for a valid key', async () => {
    const { hono, key, secret, nodeEnv } = await app();
    const response = await hono.request(
      '/v1/status',
      { headers: { authorization: `Bearer ${secret}` } },
      nodeEnv('203.0.113.10'),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: key.id, scope: 'account:read' });
  });

  it('answers a refusal with the envelope and WWW-Authenticate', async () => {
    const { hono } = await app();
    const response = await hono.request('/v1/status');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await response.json()).error.code).toBe('BSE1001');
  });

  it('reads the client IP from the @hono/node-server socket, IPv4-mapped folded', async () => {
    const { hono, secret, nodeEnv } = await app({}, '203.0.113.10');
    const headers = { authorization: `Bearer ${secret}` };
    expect(
      (await hono.request('/v1/status', { headers }, nodeEnv('::ffff:203.0.113.10'))).status,
    ).toBe(200);
    expect((await hono.request('/v1/status', { headers }, nodeEnv('198.51.100.1'))).status).toBe(
      403,
    );
  });

  it('reads the client IP from Bun’s server.requestIP', async () => {
    const { hono, secret } = await app({}, '203.0.113.10');
    const env = { requestIP: () => ({ address: '203.0.113.10' }) };
    const response = await hono.request(
      '/v1/status',
      { headers: { authorization: `Bearer ${secret}` } },
      env,
    );
    expect(response.status).toBe(200);
  });

  it('ignores a spoofed X-Forwarded-For', async () => {
    const { hono, secret, nodeEnv } = await app({}, '203.0.113.10');
    const headers = { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' };
    expect((await hono.request('/v1/status', { headers }, nodeEnv('198.51.100.1'))).status).toBe(
      403,
    );
  });

  it('believes a trusted proxy through getClientIp: trustProxies', async () => {
    const { hono, secret, nodeEnv } = await app(
      { getClientIp: trustProxies(['127.0.0.1']) },
      '203.0.113.10',
    );
    const headers = { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' };
    expect((await hono.request('/v1/status', { headers }, nodeEnv('127.0.0.1'))).status).toBe(200);
  });

  it('uses getClientIp when given (e.g. getConnInfo)', async () => {
    const { hono, secret } = await app({ getClientIp: () => '203.0.113.10' }, '203.0.113.10');
    const response = await hono.request('/v1/status', {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(200);
  });
});
