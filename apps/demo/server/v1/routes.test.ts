import type { VerifiedKey } from '@babysea/keys-core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createGenerationStore } from './generations.js';
import { createV1Routes, type V1Env } from './routes.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const CALLER: VerifiedKey = {
  id: 'key_test',
  accountId: 'acct_test',
  name: 'prod-api-worker',
  prefix: 'bye_a1B2c',
  scopes: ['account:read'],
  status: 'Active',
  createdAt: NOW - 60_000,
  expiresAt: null,
  lastUsedAt: null,
};

/** The routes behind a stand-in guard that always admits CALLER. */
function build() {
  const app = new Hono<V1Env>();
  app.use('*', async (c, next) => {
    c.set('apiKey', CALLER);
    c.set('apiKeyScope', 'account:read');
    await next();
  });
  app.route('/v1', createV1Routes({ clock: () => NOW, generations: createGenerationStore() }));
  return app;
}

// biome-ignore lint/suspicious/noExplicitAny: untyped JSON from the routes under test
type Json = Record<string, any>;
const json = async (response: Response) => (await response.json()) as Json;
const generate = (app: Hono<V1Env>, model: string, prompt: unknown = 'A baby seal') =>
  app.request(`/v1/generate/image/${model}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ generation_prompt: prompt }),
  });

describe('the /v1 stand-in routes', () => {
  it('answers GET /v1/status with exactly the fields of PRODUCT.md §9', async () => {
    const body = await json(await build().request('/v1/status'));
    expect(body).toEqual({
      status: 'success',
      request_id: expect.stringMatching(/^req_[A-Za-z0-9]{24}$/),
      message: 'API connected successfully',
      timestamp: new Date(NOW).toISOString(),
      data: {
        account_id: 'acct_test',
        apikey_id: 'key_test',
        apikey_name: 'prod-api-worker',
        apikey_prefix: 'bye_a1B2c',
        apikey_created_at: new Date(NOW - 60_000).toISOString(),
        apikey_last_used_at: null,
        apikey_expires_at: null,
      },
    });
  });

  it.each([
    ['GET', '/v1/usage'],
    ['GET', '/v1/user/account'],
    ['GET', '/v1/user/billing'],
    ['GET', '/v1/content/list'],
    ['GET', '/v1/health/inference/providers'],
    ['GET', '/v1/health/inference/models'],
    ['GET', '/v1/health/storage'],
    ['GET', '/v1/health/cache'],
    ['GET', '/v1/library/providers'],
    ['GET', '/v1/library/models'],
    ['GET', '/v1/estimate/bfl/flux-schnell'],
  ])('answers %s %s with the success envelope', async (method, path) => {
    const response = await build().request(path, { method });
    expect(response.status).toBe(200);
    expect(Object.keys(await json(response)).sort()).toEqual(
      ['data', 'message', 'request_id', 'status', 'timestamp'].sort(),
    );
  });

  it('creates an image generation for a model id containing a slash', async () => {
    const body = await json(await generate(build(), 'bfl/flux-schnell'));
    expect(body.data).toMatchObject({
      generation_id: expect.stringMatching(/^gen_/),
      model_identifier: 'bfl/flux-schnell',
      status: 'succeeded',
      generation_prompt: 'A baby seal',
      apikey_id: 'key_test',
    });
  });

  it('lists the generations of the account, newest first', async () => {
    const app = build();
    const first = await json(await generate(app, 'bfl/flux-schnell', 'one'));
    const second = await json(await generate(app, 'google/imagen-4', 'two'));
    const body = await json(await app.request('/v1/content/list'));
    expect(body.data.generations.map((g: { generation_id: string }) => g.generation_id)).toEqual([
      second.data.generation_id,
      first.data.generation_id,
    ]);
  });

  it('refuses a generation without a prompt with 400 BSE2001', async () => {
    const response = await generate(build(), 'bfl/flux-schnell', '  ');
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe('BSE2001');
  });

  it('answers 404 for a model the library does not have', async () => {
    const response = await generate(build(), 'acme/unknown');
    expect(response.status).toBe(404);
    expect((await json(response)).error).toMatchObject({ code: 'BSE9004', type: 'not_found' });
  });

  it('gets one generation by id', async () => {
    const app = build();
    const created = await json(await generate(app, 'bfl/flux-schnell'));
    const body = await json(await app.request(`/v1/content/${created.data.generation_id}`));
    expect(body.data.generation_id).toBe(created.data.generation_id);
  });

  it('deletes a generation, after which it is not found', async () => {
    const app = build();
    const { data } = await json(await generate(app, 'bfl/flux-schnell'));
    await app.request(`/v1/content/${data.generation_id}`, { method: 'DELETE' });
    const response = await app.request(`/v1/content/${data.generation_id}`);
    expect(response.status).toBe(404);
    // BabySea's own code for a missing generation.
    expect((await json(response)).error).toMatchObject({
      code: 'BSE4001',
      type: 'generation_not_found',
    });
  });

  it('cancels a processing video generation', async () => {
    const app = build();
    const created = await app.request('/v1/generate/video/google/veo-3', {
      method: 'POST',
      body: JSON.stringify({ generation_prompt: 'waves' }),
    });
    const { data } = await json(created);
    const cancelled = await app.request(`/v1/content/generation/cancel/${data.generation_id}`, {
      method: 'POST',
    });
    expect((await json(cancelled)).data.status).toBe('cancelled');
  });

  it('refuses to cancel a finished generation with 409', async () => {
    const app = build();
    const { data } = await json(await generate(app, 'bfl/flux-schnell'));
    const response = await app.request(`/v1/content/generation/cancel/${data.generation_id}`, {
      method: 'POST',
    });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe('BSE9005');
  });
});
