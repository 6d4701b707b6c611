import { describe, expect, it } from 'vitest';
import { DEMO_STARTING_CREDITS } from './credits.js';
import { QUEUE_MS } from './generations.js';
import { createTestApp } from './test-app.js';

const DAY = 86_400_000;

describe('GET /v1/usage', () => {
  it('counts requests by route (ids folded), with their outcomes and error codes', async () => {
    const t = createTestApp();
    await t.get('/v1/status');
    await t.get('/v1/content/one');
    await t.get('/v1/content/two');
    const { json } = await t.get('/v1/usage');
    expect(json.data).toMatchObject({
      usage_total_requests: 3,
      usage_total_success: 1,
      usage_total_client_errors: 2,
      usage_total_server_errors: 0,
    });
    expect(json.data.usage_endpoints).toContainEqual({
      endpoint: 'GET /v1/content/{generation_id}',
      total_requests: 2,
      success_count: 0,
      client_error_count: 2,
      server_error_count: 0,
      error_codes: { BSE4001: 2 },
    });
  });

  it('looks back 30 days by default and honours days', async () => {
    const t = createTestApp();
    await t.get('/v1/status');
    t.clock.advance(40 * DAY);
    expect((await t.get('/v1/usage')).json.data).toMatchObject({
      usage_period_days: 30,
      usage_total_requests: 0,
    });
    expect((await t.get('/v1/usage?days=90')).json.data).toMatchObject({
      usage_period_days: 90,
      usage_total_requests: 2, // the status call and the first usage call
    });
  });

  it('reports generations, provider submissions, cost and the balance', async () => {
    const t = createTestApp();
    await t.generate('bfl/flux-schnell');
    const video = await t.generate('google/veo-2'); // 2.5 credits
    await t.generate('bfl/flux-schnell', { generation_provider_order: 'fal' });
    t.clock.advance(QUEUE_MS.video);
    await t.post(`/v1/content/generation/cancel/${video}`);
    const { json } = await t.get('/v1/usage');
    expect(json.data).toMatchObject({
      usage_total_generations: 3,
      usage_total_provider_submissions: 3,
      usage_total_estimated_cost: 0.006,
      usage_credit_balance: DEMO_STARTING_CREDITS - 0.006,
    });
    expect(json.data.usage_providers).toContainEqual(
      expect.objectContaining({
        provider: 'replicate',
        total_submissions: 1,
        cancelled_count: 1,
        wasted_estimated_cost: 2.5,
      }),
    );
  });

  it.each([
    ['days=0', 422, 'BSE2008'],
    ['days=91', 422, 'BSE2008'],
    ['days=week', 400, 'BSE2001'],
  ])('refuses %s with %i %s', async (query, status, code) => {
    const answer = await createTestApp().get(`/v1/usage?${query}`);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toMatchObject({ code, details: { field: 'days' } });
  });
});
