/**
 * Test support (not published): the behaviour every guard binding shares, written once and run
 * against the fetch guard, Hono, Express and Fastify, so that a binding cannot drift.
 */
import { describe, expect, it } from 'vitest';
import type { CreateKeysOptions, Keys } from '../lifecycle/keys-api.js';
import { ACCOUNT, OWNER, testEngine } from '../test-support/test-engine.js';
import type { KeysBindingOptions } from './guard.js';

/** What the test route answers: what the binding handed it. */
export interface EchoBody {
  keyId: string | null;
  scope: string | null | undefined;
  requestId: string | null | undefined;
  method: string;
}

export interface BindingCall {
  method?: string;
  path: string;
  headers?: Record<string, string>;
}

export interface BindingResponse {
  status: number;
  header(name: string): string | null;
  json(): unknown;
}

/**
 * Mounts `keys` with the binding under test at `/api/*` (every method), behind a route that
 * answers 200 with an {@link EchoBody}, and returns a caller. The socket peer is loopback.
 */
export type MountBinding = (
  keys: Pick<Keys, 'verify' | 'policy'>,
  options: KeysBindingOptions<never>,
) => Promise<(call: BindingCall) => Promise<BindingResponse>>;

/** An orders API's permission model, not BabySea's. */
export const ORDERS_POLICY = {
  scopes: ['orders:read', 'orders:write'],
  presets: [
    { id: 'orders-reader', label: 'Reader', description: 'Read orders', scopes: ['orders:read'] },
    {
      id: 'orders-admin',
      label: 'Admin',
      description: 'Read and write orders',
      scopes: ['orders:read', 'orders:write'],
    },
  ],
  routes: [
    { method: 'GET', path: '/api/orders', scope: 'orders:read' },
    { method: 'GET', path: '/api/orders/{id}', scope: 'orders:read' },
    { method: 'POST', path: '/api/orders', scope: 'orders:write' },
    { method: 'GET', path: '/api/files/{path+}', scope: 'orders:read' },
  ],
};

async function ordersEngine() {
  const engine = testEngine(ORDERS_POLICY);
  const reader = await engine.create({ preset: 'orders-reader' });
  const admin = await engine.create({ preset: 'orders-admin' });
  return { engine, reader: reader.secret, admin: admin.secret };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** Runs the shared binding behaviour against one binding. */
export function describeGuardBinding(name: string, mount: MountBinding): void {
  describe(`${name}: limits`, () => {
    async function limitedEngine(limits: NonNullable<CreateKeysOptions['limits']>) {
      const engine = testEngine({ ...ORDERS_POLICY, limits });
      const { secret } = await engine.create({ preset: 'orders-admin' });
      return { engine, secret };
    }

    it('X-RateLimit-* on a success, and on the 429 with Retry-After and details', async () => {
      const { engine, secret } = await limitedEngine({ rate: { limit: 1, windowMs: 60_000 } });
      const call = await mount(engine.keys, {});
      const ok = await call({ path: '/api/orders', headers: bearer(secret) });
      const refused = await call({ path: '/api/orders', headers: bearer(secret) });
      const reset = String(Math.ceil((engine.clock.now() + 60_000) / 1000));
      expect([
        ok.status,
        ok.header('x-ratelimit-limit'),
        ok.header('x-ratelimit-remaining'),
      ]).toEqual([200, '1', '0']);
      expect(ok.header('x-ratelimit-reset')).toBe(reset);
      expect(refused.status).toBe(429);
      expect(refused.header('retry-after')).toBe('60');
      expect(refused.header('x-ratelimit-remaining')).toBe('0');
      expect(refused.header('x-ratelimit-reset')).toBe(reset);
      expect(refused.json()).toMatchObject({
        status: 'error',
        error: {
          code: 'BSE1005',
          type: 'rate_limit_exceeded',
          retryable: true,
          details: { retry_after_seconds: 60, limit: 1 },
        },
      });
    });

    it('X-RateLimit-* of the per-IP throttle on a 401, and 429 BSE1006 past it', async () => {
      const { engine } = await limitedEngine({ authFailures: { limit: 1 } });
      const call = await mount(engine.keys, {});
      const first = await call({ path: '/api/orders' });
      const second = await call({ path: '/api/orders' });
      expect([first.status, first.header('x-ratelimit-remaining')]).toEqual([401, '0']);
      expect([second.status, second.header('retry-after')]).toEqual([429, '60']);
      expect(second.json()).toMatchObject({ error: { code: 'BSE1006' } });
    });

    it('frees the concurrency slot when the handler finishes', async () => {
      const { engine, secret } = await limitedEngine({ concurrency: 1 });
      const call = await mount(engine.keys, {});
      expect((await call({ path: '/api/orders', headers: bearer(secret) })).status).toBe(200);
      expect((await call({ path: '/api/orders', headers: bearer(secret) })).status).toBe(200);
    });

    it('frees the concurrency slot when the handler throws', async () => {
      const { engine, secret } = await limitedEngine({ concurrency: 1 });
      const call = await mount(engine.keys, { scope: null });
      expect((await call({ path: '/api/throw', headers: bearer(secret) })).status).toBe(500);
      expect((await call({ path: '/api/orders', headers: bearer(secret) })).status).toBe(200);
    });

    it('refuses with 429 BSE1009 while the slot is held', async () => {
      const { engine, secret } = await limitedEngine({ concurrency: 1 });
      const held = await engine.keys.verify({
        authorization: `Bearer ${secret}`,
        ip: '127.0.0.1',
        method: 'GET',
        path: '/api/orders',
      });
      const call = await mount(engine.keys, {});
      const refused = await call({ path: '/api/orders', headers: bearer(secret) });
      expect(refused.status).toBe(429);
      expect(refused.json()).toMatchObject({ error: { code: 'BSE1009', retryable: true } });
      if (held.ok) held.release?.();
    });
  });

  describe(`${name}: the shared guard behaviour`, () => {
    it('per-route scope: refuses a key without it with 403 BSE1003 naming the scope', async () => {
      const { engine, reader } = await ordersEngine();
      const call = await mount(engine.keys, { scope: 'orders:write' });
      const response = await call({
        method: 'POST',
        path: '/api/anything',
        headers: bearer(reader),
      });
      expect(response.status).toBe(403);
      expect(response.json()).toMatchObject({
        error: { code: 'BSE1003', message: expect.stringContaining('"orders:write"') },
      });
    });

    it('per-route scope: admits a key with it on a path no route table knows', async () => {
      const { engine, admin } = await ordersEngine();
      const call = await mount(engine.keys, { scope: 'orders:write' });
      const response = await call({
        method: 'POST',
        path: '/api/anything',
        headers: bearer(admin),
      });
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ scope: 'orders:write' });
    });

    it('scope: null authenticates only: any live key passes, the route reads its scopes', async () => {
      const { engine, reader } = await ordersEngine();
      const call = await mount(engine.keys, { scope: null });
      const response = await call({ method: 'DELETE', path: '/api/x', headers: bearer(reader) });
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ scope: null, keyId: expect.any(String) });
    });

    it('scope: null still refuses a revoked key', async () => {
      const engine = testEngine(ORDERS_POLICY);
      const { key, secret } = await engine.create({ preset: 'orders-reader' });
      await engine.keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
      const call = await mount(engine.keys, { scope: null });
      expect((await call({ path: '/api/x', headers: bearer(secret) })).status).toBe(401);
    });

    it('the route table as data: {param} and the {name+} catch-all pick the scope', async () => {
      const { engine, reader } = await ordersEngine();
      const call = await mount(engine.keys, {});
      const read = await call({ path: '/api/orders/ord_1', headers: bearer(reader) });
      expect(read.status).toBe(200);
      expect(read.json()).toMatchObject({ scope: 'orders:read' });
      const file = await call({ path: '/api/files/2026/01/a.pdf', headers: bearer(reader) });
      expect(file.status).toBe(200);
      const write = await call({ method: 'POST', path: '/api/orders', headers: bearer(reader) });
      expect(write.status).toBe(403);
    });

    it('the route table: a route outside it is refused 404, never guessed', async () => {
      const { engine, admin } = await ordersEngine();
      const call = await mount(engine.keys, {});
      const response = await call({ path: '/api/unknown', headers: bearer(admin) });
      expect(response.status).toBe(404);
    });

    it('refuses a scope the engine does not know when it is built', async () => {
      const { engine } = await ordersEngine();
      await expect(mount(engine.keys, { scope: 'orders:wirte' })).rejects.toMatchObject({
        code: 'INVALID_CONFIGURATION',
      });
    });

    it('X-Request-Id on a success is the id handed to the route', async () => {
      const { engine, admin } = await ordersEngine();
      const call = await mount(engine.keys, { scope: 'orders:read' });
      const response = await call({ path: '/api/orders', headers: bearer(admin) });
      const id = response.header('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9]{24}$/);
      expect(response.json()).toMatchObject({ requestId: id });
    });

    it('X-Request-Id on a refusal is the envelope’s request_id', async () => {
      const { engine } = await ordersEngine();
      const call = await mount(engine.keys, { scope: 'orders:read' });
      const response = await call({ path: '/api/orders' });
      expect(response.status).toBe(401);
      expect(response.header('x-request-id')).toBe(
        (response.json() as { request_id: string }).request_id,
      );
    });

    it('a CORS preflight (OPTIONS + Access-Control-Request-Method) passes through unchecked', async () => {
      const { engine } = await ordersEngine();
      const call = await mount(engine.keys, { scope: 'orders:write' });
      const response = await call({
        method: 'OPTIONS',
        path: '/api/orders',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ method: 'OPTIONS', keyId: null });
    });

    it('an OPTIONS without Access-Control-Request-Method is checked like any request', async () => {
      const { engine } = await ordersEngine();
      const call = await mount(engine.keys, { scope: 'orders:write' });
      expect((await call({ method: 'OPTIONS', path: '/api/orders' })).status).toBe(401);
    });

    it('a wrong scheme says to use Bearer', async () => {
      const { engine, admin } = await ordersEngine();
      const call = await mount(engine.keys, { scope: null });
      const response = await call({
        path: '/api/x',
        headers: { authorization: `bearer ${admin}` },
      });
      expect(response.status).toBe(401);
      expect(response.json()).toMatchObject({
        error: {
          code: 'BSE1001',
          message: expect.stringContaining('Use "Authorization: Bearer <key>"'),
        },
      });
    });

    it('refuses the removed trustedProxies option with the migration when it is built', async () => {
      const { engine } = await ordersEngine();
      await expect(
        mount(engine.keys, { trustedProxies: ['10.0.0.0/8'] } as never),
      ).rejects.toMatchObject({ code: 'INVALID_CONFIGURATION' });
    });
  });
}
