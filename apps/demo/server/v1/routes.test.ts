import { describe, expect, it } from 'vitest';
import { MODELS, PROVIDERS } from './catalog.js';
import { CALLER, createTestApp, T0 } from './test-app.js';

describe('the /v1 stand-in routes', () => {
  it('answers GET /v1/status with exactly the fields of PRODUCT.md §9', async () => {
    const { json } = await createTestApp().get('/v1/status');
    expect(json).toEqual({
      status: 'success',
      request_id: expect.stringMatching(/^req_[A-Za-z0-9]{24}$/),
      message: 'API connected successfully',
      timestamp: new Date(T0).toISOString(),
      data: {
        account_id: CALLER.accountId,
        apikey_id: CALLER.id,
        apikey_name: CALLER.name,
        apikey_prefix: CALLER.prefix,
        apikey_created_at: new Date(T0 - 60_000).toISOString(),
        apikey_last_used_at: null,
        apikey_expires_at: null,
      },
    });
  });

  it('answers a refusal in the error envelope BabySea sends, nothing else', async () => {
    const { json } = await createTestApp().get('/v1/content/nope');
    expect(Object.keys(json).sort()).toEqual(['error', 'request_id', 'status']);
  });

  it("gives the account's billing period as the current month", async () => {
    const { json } = await createTestApp().get('/v1/user/billing');
    expect(json.data).toMatchObject({
      billing_period_starts_at: '2026-01-01T00:00:00.000Z',
      billing_period_ends_at: '2026-02-01T00:00:00.000Z',
    });
  });

  it('lists every model and provider of the catalogue with their totals', async () => {
    const t = createTestApp();
    const models = (await t.get('/v1/library/models')).json.data;
    const providers = (await t.get('/v1/library/providers')).json.data;
    expect(models.models_total).toBe(MODELS.length);
    expect(models.models.map((m: { model_identifier: string }) => m.model_identifier)).toEqual(
      MODELS.map((m) => m.model_identifier),
    );
    expect(providers.providers_total).toBe(PROVIDERS.length);
  });

  it('counts, per provider, the models it serves and the media they make', async () => {
    const { json } = await createTestApp().get('/v1/library/providers');
    const fal = json.data.providers.find((p: { provider_id: string }) => p.provider_id === 'fal');
    expect(fal.babysea_implementation).toMatchObject({
      supported_media_types: ['image', 'video'],
      supported_models_total: MODELS.filter((m) => m.model_supported_provider.includes('fal'))
        .length,
    });
  });

  it('leaves tiered prices out of model health, where BabySea has a number or nothing', async () => {
    const { json } = await createTestApp().get('/v1/health/inference/models');
    const tiered = json.data.models.find(
      (m: { model_identifier: string }) => m.model_identifier === 'bytedance/seedance-1-pro',
    );
    expect(tiered).not.toHaveProperty('model_pricing');
  });

  it('counts the provider attempts of the last five minutes in provider health', async () => {
    const t = createTestApp();
    await t.generate('bfl/flux-schnell');
    t.clock.advance(10_000);
    const { json } = await t.get('/v1/health/inference/providers');
    const bfl = json.data.providers.find((p: { provider: string }) => p.provider === 'bfl');
    expect(bfl.window).toEqual({
      total_attempts: 1,
      failures: 0,
      successes: 1,
      duration_seconds: 300,
    });
  });
});
