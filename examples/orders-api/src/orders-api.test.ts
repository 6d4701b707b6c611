import { createKeys } from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { afterEach, describe, expect, it } from 'vitest';
import { ordersPolicy } from './orders-policy.js';
import { type Running, servers } from './serve.js';

const actor = { userId: 'user_1', role: 'owner' } as const;
let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each(Object.keys(servers) as (keyof typeof servers)[])('orders API on %s', (name) => {
  async function start() {
    let now = Date.UTC(2026, 0, 1);
    const keys = createKeys({ storage: createMemoryStorage(), clock: () => now, ...ordersPolicy });
    const create = async (preset: string) =>
      (await keys.create({ accountId: 'acct_1', actor, name: preset, preset })).secret;
    const viewer = await create('orders-viewer');
    const admin = await create('orders-admin');
    running = await servers[name](keys);
    const base = running.url;
    const call = (path: string, secret?: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: {
          ...(secret ? { authorization: `Bearer ${secret}` } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      });
    return { keys, viewer, admin, call, advance: (ms: number) => (now += ms) };
  }

  it('route table: a viewer key reads orders, with X-Request-Id matching the route', async () => {
    const { viewer, call } = await start();
    const response = await call('/api/orders', viewer);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { orders: unknown[]; requestId: string };
    expect(body.orders).toHaveLength(1);
    expect(response.headers.get('x-request-id')).toBe(body.requestId);
  });

  it('route table: a viewer key may not create an order (403, nothing created)', async () => {
    const { viewer, admin, call } = await start();
    const post = { method: 'POST', body: JSON.stringify({ item: 'tea' }) };
    const response = await call('/api/orders', viewer, post);
    expect(response.status).toBe(403);
    const body = (await response.json()) as {
      status: string;
      request_id: string;
      error: { code: string };
    };
    expect(body.status).toBe('error');
    expect(body.request_id).toBe(response.headers.get('x-request-id'));
    expect(body.error.code).toMatch(/^BSE/);
    const list = (await (await call('/api/orders', admin)).json()) as { orders: unknown[] };
    expect(list.orders).toHaveLength(1);
  });

  it('route table: an admin key creates an order', async () => {
    const { admin, call } = await start();
    const response = await call('/api/orders', admin, { method: 'POST', body: '{"item":"tea"}' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ order: { id: 'ord_2', item: 'tea' } });
  });

  it('route table: a {param} route is guarded too', async () => {
    const { viewer, call } = await start();
    expect((await call('/api/orders/ord_1', viewer)).status).toBe(200);
    expect((await call('/api/orders/ord_1')).status).toBe(401);
  });

  it('no key: 401 in the envelope with WWW-Authenticate', async () => {
    const { call } = await start();
    const response = await call('/api/orders');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await response.json()) as { status: string; error: { code: string } };
    expect(body).toMatchObject({ status: 'error', error: { code: expect.stringMatching(/^BSE/) } });
  });

  it('a revoked key is refused', async () => {
    const { keys, call } = await start();
    const { key, secret } = await keys.create({
      accountId: 'acct_1',
      actor,
      name: 'x',
      preset: 'orders-viewer',
    });
    await keys.revoke({ accountId: 'acct_1', actor, keyId: key.id });
    expect((await call('/api/orders', secret)).status).toBe(401);
  });

  it('an expired key is refused once the injected clock passes its expiry', async () => {
    const { keys, call, advance } = await start();
    const { secret } = await keys.create({
      accountId: 'acct_1',
      actor,
      name: 'short',
      preset: 'orders-viewer',
      expiresAt: Date.UTC(2026, 0, 2),
    });
    expect((await call('/api/orders', secret)).status).toBe(200);
    advance(2 * 24 * 60 * 60 * 1000);
    expect((await call('/api/orders', secret)).status).toBe(401);
  });

  it('a route missing from the table answers 404 in the envelope, even with a good key', async () => {
    const { admin, call } = await start();
    const response = await call('/api/refunds', admin);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { status: string; error: { code: string } };
    expect(body.status).toBe('error');
    expect(response.headers.get('x-request-id')).toBe((body as { request_id?: string }).request_id);
  });

  it('per-route scope: /imports needs orders:write', async () => {
    const { viewer, admin, call } = await start();
    expect((await call('/imports', viewer, { method: 'POST' })).status).toBe(403);
    const response = await call('/imports', admin, { method: 'POST' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { requestId: string };
    expect(response.headers.get('x-request-id')).toBe(body.requestId);
  });

  it('authenticate-only: /whoami admits any valid key and hands over its scopes', async () => {
    const { viewer, call } = await start();
    const response = await call('/whoami', viewer);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { scopes: string[] }).scopes).toEqual(['orders:read']);
    expect((await call('/whoami')).status).toBe(401);
  });
});
