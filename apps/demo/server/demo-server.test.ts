import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDemoServer, DEMO_LAST_USED_INTERVAL_MS } from './demo-server.js';
import { type RunningDemo, startDemo } from './listen.js';
import { DEMO_ACCOUNT_ID } from './session.js';

const running: RunningDemo[] = [];

function clientDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-client-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>demo</title>');
  return dir;
}

async function start(): Promise<RunningDemo> {
  const demo = await startDemo({
    storage: createMemoryStorage(),
    clock: () => Date.UTC(2025, 5, 1),
    clientDir: clientDir(),
    host: '127.0.0.1',
    port: 0,
  });
  running.push(demo);
  return demo;
}

async function fullAccessSecret(demo: RunningDemo): Promise<string> {
  const { secret } = await demo.demo.keys.create({
    accountId: DEMO_ACCOUNT_ID,
    actor: { userId: 'usr_ada', role: 'primary-owner' },
    name: 'prod-api-worker',
    preset: 'full-access',
  });
  return secret;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(running.splice(0).map((demo) => demo.close()));
});

describe('the demo server', () => {
  it('answers /v1/status for a valid key in the envelope of PRODUCT.md §9', async () => {
    const demo = await start();
    const secret = await fullAccessSecret(demo);
    const response = await fetch(`${demo.url}/v1/status`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    const body = await response.json();
    expect(Object.keys(body.data)).toEqual([
      'account_id',
      'apikey_id',
      'apikey_name',
      'apikey_prefix',
      'apikey_created_at',
      'apikey_last_used_at',
      'apikey_expires_at',
    ]);
    expect(body.data.apikey_prefix).toBe(secret.slice(0, 9));
  });

  it('refuses /v1/status without a key with 401 BSE1001 and WWW-Authenticate', async () => {
    const demo = await start();
    const response = await fetch(`${demo.url}/v1/status`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await response.json()).error.code).toBe('BSE1001');
  });

  it('gives a /v1 path outside the route table the verifier refusal', async () => {
    const demo = await start();
    const secret = await fullAccessSecret(demo);
    const response = await fetch(`${demo.url}/v1/admin/users`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect((await response.json()).error.code).toBe('BSE9001');
  });

  it('lets an owner create a key through the management API', async () => {
    const demo = await start();
    const response = await fetch(`${demo.url}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'demo_role=owner' },
      body: JSON.stringify({ name: 'dev-frontend', preset: 'generate-only' }),
    });
    expect(response.status).toBe(201);
    expect((await response.json()).data.key.createdBy).toBe('usr_grace');
  });

  it('refuses a member cookie on create with 403 BSE9003', async () => {
    const demo = await start();
    const response = await fetch(`${demo.url}/api/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'demo_role=member' },
      body: JSON.stringify({ name: 'dev-frontend', preset: 'generate-only' }),
    });
    expect([response.status, (await response.json()).error.code]).toEqual([403, 'BSE9003']);
  });

  it('lets a member list keys', async () => {
    const demo = await start();
    await fullAccessSecret(demo);
    const response = await fetch(`${demo.url}/api/keys`, {
      headers: { cookie: 'demo_role=member' },
    });
    expect((await response.json()).data).toHaveLength(1);
  });

  it('serves the dashboard for any page path (SPA fallback)', async () => {
    const demo = await start();
    const response = await fetch(`${demo.url}/activity`);
    expect([response.status, await response.text()]).toEqual([
      200,
      '<!doctype html><title>demo</title>',
    ]);
  });

  it('answers an unknown /api path with JSON, not the dashboard', async () => {
    const demo = await start();
    const response = await fetch(`${demo.url}/api/nope`);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('writes Last used within DEMO_LAST_USED_INTERVAL_MS of a request, not a minute later', async () => {
    // The engine's coalescing timer is a setTimeout; fake it and call the app in-process
    // (no sockets, so nothing else depends on the faked timers).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const now = Date.UTC(2025, 5, 1, 12);
    const storage = createMemoryStorage();
    const demo = createDemoServer({ storage, clock: () => now, clientDir: clientDir() });
    try {
      const { key, secret } = await demo.keys.create({
        accountId: DEMO_ACCOUNT_ID,
        actor: { userId: 'usr_ada', role: 'primary-owner' },
        name: 'prod-api-worker',
        preset: 'full-access',
      });
      const response = await demo.app.fetch(
        new Request('http://localhost/v1/status', {
          headers: { Authorization: `Bearer ${secret}` },
        }),
        { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
      );
      expect(response.status).toBe(200);
      const lastUsed = async () => (await storage.findKey(DEMO_ACCOUNT_ID, key.id))?.lastUsedAt;

      await vi.advanceTimersByTimeAsync(DEMO_LAST_USED_INTERVAL_MS - 1);
      expect(await lastUsed()).toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(await lastUsed()).toBe(now);
      expect(DEMO_LAST_USED_INTERVAL_MS).toBe(5_000);
    } finally {
      await demo.close();
    }
  });
});
