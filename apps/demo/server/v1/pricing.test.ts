import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_STARTING_CREDITS } from './credits.js';
import { createTestApp } from './test-app.js';

const estimate = (query: string) => createTestApp().get(`/v1/estimate/${query}`);

describe('GET /v1/estimate/{model}', () => {
  it('prices an image model per generation, with what the balance affords', async () => {
    const { json } = await estimate('bfl/flux-schnell');
    expect(json.data).toEqual({
      model_identifier: 'bfl/flux-schnell',
      model_type: 'image',
      assets_count: 1,
      cost_per_generation: 0.003,
      cost_total_consumed: 0.003,
      credit_balance: DEMO_STARTING_CREDITS,
      credit_balance_can_afford: true,
      credit_balance_max_affordable: Math.floor(DEMO_STARTING_CREDITS / 0.003),
    });
  });

  it('multiplies by count (property: total = per generation × count)', async () => {
    const t = createTestApp();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), async (count) => {
        const { json } = await t.get(`/v1/estimate/bfl/flux-1.1-pro?count=${count}`);
        return (
          json.data.assets_count === count &&
          Math.abs(json.data.cost_total_consumed - 0.04 * count) < 1e-9
        );
      }),
      { numRuns: 25 },
    );
  });

  it('says when the balance cannot afford the count', async () => {
    const { json } = await estimate('openai/gpt-image-1?count=100');
    expect(json.data.cost_total_consumed).toBe(5);
    const many = await estimate(`google/veo-2?count=100&duration=8`);
    expect(many.json.data).toMatchObject({
      cost_total_consumed: 400,
      credit_balance_can_afford: false,
      credit_balance_max_affordable: Math.floor(DEMO_STARTING_CREDITS / 4),
    });
  });

  it('prices a video model per second of the requested duration', async () => {
    const { json } = await estimate('google/veo-2?duration=8');
    expect(json.data).toMatchObject({
      model_type: 'video',
      cost_per_second: 0.5,
      duration_seconds: 8,
      cost_per_generation: 4,
    });
    expect(json.data).not.toHaveProperty('resolution');
  });

  it("uses a video model's shortest duration when none is given", async () => {
    expect((await estimate('google/veo-2')).json.data.duration_seconds).toBe(5);
  });

  it('prices a resolution-priced model at the requested resolution', async () => {
    const { json } = await estimate('bytedance/seedance-1-pro?duration=10&resolution=480p');
    expect(json.data).toMatchObject({
      resolution: '480p',
      cost_per_second: 0.03,
      cost_per_generation: 0.3,
    });
  });

  it("uses the model's default resolution when none is given", async () => {
    expect((await estimate('bytedance/seedance-1-pro?duration=5')).json.data.resolution).toBe(
      '1080p',
    );
  });

  it('prices audio on and off differently on an audio-priced model', async () => {
    const on = await estimate('bytedance/seedance-1.5-pro?duration=5&resolution=1080p&audio=true');
    const off = await estimate(
      'bytedance/seedance-1.5-pro?duration=5&resolution=1080p&audio=false',
    );
    expect(on.json.data.cost_per_second).toBe(0.2);
    expect(off.json.data.cost_per_second).toBe(0.1);
  });

  it.each([
    ['bfl/flux-schnell?count=0', 422, 'BSE2008', 'count'],
    ['bfl/flux-schnell?count=101', 422, 'BSE2008', 'count'],
    ['bfl/flux-schnell?count=two', 400, 'BSE2001', 'count'],
    ['bfl/flux-schnell?duration=5', 400, 'BSE2001', 'duration'],
    ['bfl/flux-schnell?resolution=1080p', 400, 'BSE2001', 'resolution'],
    ['google/veo-2?duration=9', 422, 'BSE2008', 'duration'],
    ['google/veo-2?duration=soon', 400, 'BSE2001', 'duration'],
    ['google/veo-2?resolution=1080p', 400, 'BSE2001', 'resolution'],
    ['google/veo-2?audio=true', 400, 'BSE2001', 'audio'],
    ['bytedance/seedance-1-pro?resolution=4k', 422, 'BSE2008', 'resolution'],
    ['bytedance/seedance-1.5-pro?audio=yes', 400, 'BSE2001', 'audio'],
    ['acme/unknown', 400, 'BSE2001', 'model_identifier'],
  ])('refuses %s with %i %s naming the field', async (query, status, code, field) => {
    const answer = await estimate(query);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toMatchObject({ code, details: { field } });
  });

  it('quotes what generate then charges', async () => {
    const t = createTestApp();
    const quoted = (await t.get('/v1/estimate/bytedance/seedance-1.5-pro?duration=10&audio=true'))
      .json.data.cost_per_generation;
    await t.generate('bytedance/seedance-1.5-pro', {
      generation_duration: 10,
      generation_generate_audio: true,
    });
    const balance = (await t.get('/v1/user/billing')).json.data.billing_credit_balance;
    expect(balance).toBeCloseTo(DEMO_STARTING_CREDITS - quoted, 9);
  });
});
