/**
 * For the `/v1` tests: the routes behind a stand-in guard that admits one Full Access caller,
 * on a clock the test moves. Not part of the demo.
 */
import type { VerifiedKey } from '@babysea/keys-core';
import { Hono } from 'hono';
import { findModel } from './catalog.js';
import { type CreditLedger, createCreditLedger } from './credits.js';
import { createGenerationStore } from './generations.js';
import { createV1Routes, type V1Env } from './routes.js';

/** 2026-01-15 12:00 UTC. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The caller every request of a test app is made as. */
export const CALLER: VerifiedKey = {
  id: 'key_test',
  accountId: 'acct_test',
  name: 'prod-api-worker',
  prefix: 'bye_a1B2c',
  scopes: ['generation:write', 'generation:read', 'generation:delete', 'account:read'],
  status: 'Active',
  createdAt: T0 - 60_000,
  expiresAt: null,
  lastUsedAt: null,
};

// biome-ignore lint/suspicious/noExplicitAny: untyped JSON from the routes under test
export type Json = Record<string, any>;

/** A test app: `request` as Hono's, `clock.advance(ms)`, and JSON helpers. */
export function createTestApp(options: { credits?: CreditLedger } = {}) {
  let now = T0;
  const app = new Hono<V1Env>();
  app.use('*', async (c, next) => {
    c.set('apiKey', CALLER);
    c.set('apiKeyScope', 'generation:write');
    await next();
  });
  app.route(
    '/v1',
    createV1Routes({
      clock: () => now,
      generations: createGenerationStore(),
      credits: options.credits ?? createCreditLedger(),
    }),
  );
  const call = async (method: string, path: string, init: RequestInit = {}) => {
    const response = await app.request(path, { method, ...init });
    return {
      status: response.status,
      headers: response.headers,
      json: (await response.json()) as Json,
    };
  };
  return {
    app,
    clock: {
      now: () => now,
      advance(ms: number) {
        now += ms;
      },
    },
    get: (path: string) => call('GET', path),
    del: (path: string) => call('DELETE', path),
    post: (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call('POST', path, {
        headers: { 'Content-Type': 'application/json', ...headers },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    /** Creates a generation and returns its id. */
    async generate(model = 'bfl/flux-schnell', extra: Json = {}): Promise<string> {
      const type = findModel(model)?.model_type ?? 'image';
      const body = {
        generation_prompt: 'a baby seal',
        ...(type === 'video' ? { generation_duration: 5 } : {}),
        ...extra,
      };
      const { json } = await call('POST', `/v1/generate/${type}/${model}`, {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!json.data?.generation_id) throw new Error(`generate failed: ${JSON.stringify(json)}`);
      return json.data.generation_id;
    },
  };
}
