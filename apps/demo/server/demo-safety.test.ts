import { createMemoryStorage } from '@babysea/keys-core/memory';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from './demo-server.js';

let demo: DemoServer;
afterEach(() => demo?.close());

function build() {
  demo = createDemoServer({ storage: createMemoryStorage(), clientDir: '/nonexistent' });
  return demo;
}

const createBody = JSON.stringify({ name: 'rebinding', preset: 'full-access' });

describe('the demo refuses what its pretend sign-in must not allow', () => {
  it('answers 401 to a management request without a role cookie, creating nothing', async () => {
    const { app, keys } = build();
    const response = await app.request('http://localhost/api/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: createBody,
    });
    expect(response.status).toBe(401);
    const actor = { userId: 'u', role: 'member' } as const;
    expect(await keys.list({ accountId: 'acct_demo', actor })).toEqual([]);
  });

  it('answers 401 to an unknown role cookie', async () => {
    const { app } = build();
    const response = await app.request('http://localhost/api/keys', {
      headers: { cookie: 'demo_role=admin' },
    });
    expect(response.status).toBe(401);
  });

  it('answers 421 to another host name even with a valid cookie (DNS rebinding)', async () => {
    const { app } = build();
    const response = await app.request('http://rebind.attacker.example:3000/api/keys', {
      method: 'POST',
      headers: { cookie: 'demo_role=primary-owner', 'content-type': 'application/json' },
      body: createBody,
    });
    expect(response.status).toBe(421);
  });

  it('serves a valid role cookie on localhost', async () => {
    const { app } = build();
    const response = await app.request('http://localhost/api/keys', {
      headers: { cookie: 'demo_role=member' },
    });
    expect(response.status).toBe(200);
  });
});
