import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LIMITS, describeLimits } from './demo-limits.js';
import { type RunningDemo, startDemo } from './listen.js';
import { DEMO_ACCOUNT_ID } from './session.js';
import { ApiErrorBody } from './v1/contract/sdk-schemas.js';

const running: RunningDemo[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((demo) => demo.close()));
});

let now = Date.UTC(2026, 0, 15, 12);

async function start(limits = DEMO_LIMITS) {
  const clientDir = mkdtempSync(join(tmpdir(), 'demo-limits-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>demo</title>');
  const demo = await startDemo({
    storage: createMemoryStorage(),
    clock: () => now,
    clientDir,
    host: '127.0.0.1',
    port: 0,
    limits,
  });
  running.push(demo);
  const { secret } = await demo.demo.keys.create({
    accountId: DEMO_ACCOUNT_ID,
    actor: { userId: 'usr_ada', role: 'primary-owner' },
    name: 'limits',
    preset: 'full-access',
  });
  const call = (path: string, key = secret) =>
    fetch(`${demo.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  return { demo, call };
}

describe("the demo's limits", () => {
  it('states them in one sentence', () => {
    expect(describeLimits(DEMO_LIMITS)).toBe(
      'Limits: 60 requests a minute per account, 10 at once, 20 failed key checks a minute per IP.',
    );
  });

  it('says so when there are none', () => {
    expect(describeLimits({ rate: null, concurrency: null, authFailures: null })).toBe(
      'No rate limits.',
    );
  });

  it('reports what the server enforces at GET /api/demo/limits', async () => {
    const { demo } = await start();
    const body = await (await fetch(`${demo.url}/api/demo/limits`)).json();
    expect(body.data).toEqual(DEMO_LIMITS);
  });

  it("sends X-RateLimit-* on /v1 answers, the stand-in's own refusals too", async () => {
    const { call } = await start();
    for (const path of ['/v1/status', '/v1/content/nope']) {
      const response = await call(path);
      expect(response.headers.get('X-RateLimit-Limit')).toBe('60');
      expect(Number(response.headers.get('X-RateLimit-Remaining'))).toBeLessThan(60);
      expect(Number(response.headers.get('X-RateLimit-Reset'))).toBeGreaterThan(now / 1000);
    }
  });

  it('answers the 61st request of a minute 429 BSE1005 with Retry-After, as BabySea does', async () => {
    const { call } = await start();
    for (let i = 0; i < 60; i++) expect((await call('/v1/status')).status).toBe(200);
    const refused = await call('/v1/status');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(refused.headers.get('X-RateLimit-Remaining')).toBe('0');
    const body = await refused.json();
    expect(ApiErrorBody.safeParse(body).success).toBe(true);
    expect(body.error).toMatchObject({
      code: 'BSE1005',
      type: 'rate_limit_exceeded',
      retryable: true,
    });
  });

  it('admits requests again once the window has passed', async () => {
    const { call } = await start();
    for (let i = 0; i < 61; i++) await call('/v1/status');
    now += 60_000;
    expect((await call('/v1/status')).status).toBe(200);
  });

  it('throttles an IP after 20 failed key checks a minute: 429 BSE1006', async () => {
    const { call } = await start();
    const wrong = 'bye_00000000000000000000000000000000000000';
    for (let i = 0; i < 20; i++) expect((await call('/v1/status', wrong)).status).toBe(401);
    const refused = await call('/v1/status', wrong);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('BSE1006');
  });
});
