import Fastify, { type FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/test-engine.js';
import { trustProxies } from './client-ip.js';
import { keysPlugin, keysPreHandler } from './fastify.js';

async function setup(allowlist?: string, trustedProxies?: string[]) {
  const engine = testEngine();
  const { key, secret } = await engine.create(allowlist ? { allowlist } : {});
  const app = Fastify();
  const guarded: FastifyPluginAsync = async (api) => {
    await api.register(keysPlugin, {
      keys: engine.keys,
      ...(trustedProxies ? { getClientIp: trustProxies(trustedProxies) } : {}),
    });
    api.get('/v1/status', async (request) => ({
      id: request.apiKey?.id,
      scope: request.apiKeyScope,
    }));
  };
  await app.register(guarded);
  app.get('/public', async () => ({ ok: true }));
  return { app, key, secret };
}

describe('fastify keysPlugin', () => {
  it('sets request.apiKey for a valid key', async () => {
    const { app, key, secret } = await setup();
    const response = await app.inject({
      url: '/v1/status',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: key.id, scope: 'account:read' });
  });

  it('answers a refusal with the envelope', async () => {
    const { app } = await setup();
    const response = await app.inject({ url: '/v1/status' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json().error.code).toBe('BSE1001');
  });

  it('never runs the handler of a refused request', async () => {
    const engine = testEngine();
    const app = Fastify();
    let ran = 0;
    const guarded: FastifyPluginAsync = async (api) => {
      await api.register(keysPlugin, { keys: engine.keys });
      api.get('/v1/status', async () => {
        ran++;
        return {};
      });
    };
    await app.register(guarded);
    await app.inject({ url: '/v1/status' });
    expect(ran).toBe(0);
  });

  it('guards only the scope it is registered in', async () => {
    const { app } = await setup();
    expect((await app.inject({ url: '/public' })).statusCode).toBe(200);
  });

  it('uses the socket address for the allowlist (inject: 127.0.0.1)', async () => {
    const { app, secret } = await setup('127.0.0.1');
    const response = await app.inject({
      url: '/v1/status',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('ignores a spoofed X-Forwarded-For', async () => {
    const { app, secret } = await setup('203.0.113.10');
    const response = await app.inject({
      url: '/v1/status',
      headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('believes a trusted proxy', async () => {
    const { app, secret } = await setup('203.0.113.10', ['127.0.0.1']);
    const response = await app.inject({
      url: '/v1/status',
      headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('fastify keysPreHandler', () => {
  it('works as a route-level preHandler', async () => {
    const engine = testEngine();
    const { secret } = await engine.create({ preset: 'monitor-only' });
    const app = Fastify();
    app.get('/v1/usage', { preHandler: keysPreHandler(engine.keys) }, async () => ({ ok: true }));
    const response = await app.inject({
      url: '/v1/usage',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('BSE1003');
  });
});
