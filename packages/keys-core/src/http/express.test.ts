import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/test-engine.js';
import { trustProxies } from './client-ip.js';
import { keysAuth } from './express.js';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(options: Parameters<typeof keysAuth>[1] = {}, allowlist?: string) {
  const engine = testEngine();
  const { key, secret } = await engine.create(allowlist ? { allowlist } : {});
  const app = express();
  const v1 = express.Router();
  v1.use(keysAuth(engine.keys, options));
  v1.get('/status', (req, res) => {
    res.json({ id: req.apiKey?.id, scope: req.apiKeyScope });
  });
  app.use('/v1', v1);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { engine, key, secret, base };
}

describe('express keysAuth', () => {
  it('sets req.apiKey in a mounted router (matching the full path)', async () => {
    const { key, secret, base } = await serve();
    const response = await fetch(`${base}/v1/status`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: key.id, scope: 'account:read' });
  });

  it('answers a bad key with 401, the envelope, WWW-Authenticate and no-store', async () => {
    const { base } = await serve();
    const response = await fetch(`${base}/v1/status`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await response.json()).error.code).toBe('BSE1002');
  });

  it('uses the socket address for the allowlist', async () => {
    const { secret, base } = await serve({}, '127.0.0.1');
    const response = await fetch(`${base}/v1/status`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(200);
  });

  it('ignores a spoofed X-Forwarded-For', async () => {
    const { secret, base } = await serve({}, '203.0.113.10');
    const response = await fetch(`${base}/v1/status`, {
      headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' },
    });
    expect(response.status).toBe(403);
  });

  it('believes X-Forwarded-For from a trusted proxy (loopback here)', async () => {
    const { secret, base } = await serve(
      { getClientIp: trustProxies(['127.0.0.0/8', '::1']) },
      '203.0.113.10',
    );
    const response = await fetch(`${base}/v1/status`, {
      headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.10' },
    });
    expect(response.status).toBe(200);
  });
});
