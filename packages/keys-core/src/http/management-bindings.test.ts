/**
 * The management API through every Node binding (node:http, Express, Fastify): the same
 * behaviour as the fetch handler, over real sockets on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/test-engine.js';
import type { Role } from '../types.js';
import { keysManagement } from './express.js';
import { keysManagementPlugin } from './fastify.js';
import { createKeysHandler, type KeysHandler } from './handler.js';
import { MAX_BODY_BYTES } from './handler-input.js';
import { toNodeHandler } from './node-handler.js';

function handlerFor(): KeysHandler {
  const engine = testEngine();
  return createKeysHandler(engine.keys, {
    basePath: '/api',
    resolveActor: (request) => ({
      accountId: 'acct_node',
      actor: { userId: 'user_node', role: (request.headers.get('x-role') ?? 'owner') as Role },
    }),
  });
}

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const bindings: [string, (handler: KeysHandler) => Promise<string>][] = [
  ['node:http toNodeHandler', (handler) => listen(createServer(toNodeHandler(handler)))],
  [
    'express keysManagement',
    (handler) => {
      const app = express();
      app.use('/api', keysManagement(handler));
      return listen(createServer(app));
    },
  ],
  [
    'express keysManagement after express.json()',
    (handler) => {
      const app = express();
      app.use(express.json());
      app.use('/api', keysManagement(handler));
      return listen(createServer(app));
    },
  ],
  [
    'fastify keysManagementPlugin',
    async (handler) => {
      const app = Fastify();
      await app.register(keysManagementPlugin, { handler, basePath: '/api' });
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      closers.push(() => app.close());
      return address;
    },
  ],
];

describe.each(bindings)('%s', (_name, mount) => {
  it('creates a key: 201, the envelope, X-Request-Id, no-store', async () => {
    const base = await mount(handlerFor());
    const response = await fetch(`${base}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'node-key', preset: 'full-access' }),
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'success', data: { key: { name: 'node-key' } } });
    expect(response.headers.get('x-request-id')).toBe(body.request_id);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('lists keys (GET) and deletes one (204, no body)', async () => {
    const base = await mount(handlerFor());
    const created = await fetch(`${base}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'gone', preset: 'full-access' }),
    }).then((r) => r.json());
    const removed = await fetch(`${base}/api/keys/${created.data.key.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
    const listed = await fetch(`${base}/api/keys`).then((r) => r.json());
    expect(listed.data).toEqual([]);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
  ])('refuses a POST sent as %s with 415 (CSRF) and creates nothing', async (_label, type) => {
    const handler = handlerFor();
    const base = await mount(handler);
    const response = await fetch(`${base}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: 'name=x&preset=full-access',
    });
    expect(response.status).toBe(415);
    expect((await response.json()).status).toBe('error');
    expect((await fetch(`${base}/api/keys`).then((r) => r.json())).data).toEqual([]);
  });

  it('refuses a body over 64 kB with 400 too_large in the envelope', async () => {
    const base = await mount(handlerFor());
    const response = await fetch(`${base}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES), preset: 'full-access' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details.issues[0]).toMatchObject({
      field: 'body',
      rule: 'too_large',
    });
  });

  it('answers 405 with Allow for a method the route lacks', async () => {
    const base = await mount(handlerFor());
    const response = await fetch(`${base}/api/presets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('answers a member’s write 403 in the envelope', async () => {
    const base = await mount(handlerFor());
    const response = await fetch(`${base}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-role': 'member' },
      body: JSON.stringify({ name: 'x', preset: 'full-access' }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.type).toBe('forbidden');
  });
});
