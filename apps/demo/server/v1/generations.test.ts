import { KEYS_ERROR_CODES } from '@babysea/keys-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findModel } from './catalog.js';
import { createGenerationStore, type GenerationInput, QUEUE_MS, statusAt } from './generations.js';
import { createTestApp } from './test-app.js';

const FLUX = findModel('bfl/flux-schnell')!;
const VEO = findModel('google/veo-2')!;

describe('a generation on the demo clock', () => {
  it('is pending while it waits for a provider', async () => {
    const t = createTestApp();
    const id = await t.generate();
    const { json } = await t.get(`/v1/content/${id}`);
    expect(json.data).toMatchObject({
      generation_status: 'pending',
      generation_started_at: null,
      generation_output_file: null,
      generation_provider_used: null,
    });
  });

  it('is processing once a provider has it', async () => {
    const t = createTestApp();
    const id = await t.generate();
    t.clock.advance(QUEUE_MS.image);
    const { json } = await t.get(`/v1/content/${id}`);
    expect(json.data.generation_status).toBe('processing');
    expect(json.data.generation_started_at).toBe(new Date(t.clock.now()).toISOString());
  });

  it('succeeds with its output files when the model has run', async () => {
    const t = createTestApp();
    const id = await t.generate('bfl/flux-schnell', { generation_output_number: 2 });
    t.clock.advance(QUEUE_MS.image + FLUX.run_ms);
    const { json } = await t.get(`/v1/content/${id}`);
    expect(json.data).toMatchObject({
      generation_status: 'succeeded',
      generation_provider_used: 'bfl',
      generation_completed_at: new Date(t.clock.now()).toISOString(),
      generation_metrics_total_time: (QUEUE_MS.image + FLUX.run_ms) / 1000,
      generation_metrics_predict_time: FLUX.run_ms / 1000,
    });
    expect(json.data.generation_output_file).toEqual([
      `https://cdn.babysea.example/demo/${id}/0.png`,
      `https://cdn.babysea.example/demo/${id}/1.png`,
    ]);
  });

  it('takes longer for a video: still processing when an image would be done', async () => {
    const t = createTestApp();
    const id = await t.generate('google/veo-2');
    t.clock.advance(QUEUE_MS.image + FLUX.run_ms);
    expect((await t.get(`/v1/content/${id}`)).json.data.generation_status).toBe('processing');
    t.clock.advance(QUEUE_MS.video + VEO.run_ms);
    expect((await t.get(`/v1/content/${id}`)).json.data.generation_status).toBe('succeeded');
  });

  it('reaches succeeded for a client that polls as waitForGeneration does (every 2 s)', async () => {
    const t = createTestApp();
    const id = await t.generate('bytedance/seedance-1.5-pro');
    const seen: string[] = [];
    for (let poll = 0; poll < 100; poll++) {
      const status = (await t.get(`/v1/content/${id}`)).json.data.generation_status as string;
      if (seen.at(-1) !== status) seen.push(status);
      if (status === 'succeeded' || status === 'failed' || status === 'canceled') break;
      t.clock.advance(2_000);
    }
    expect(seen).toEqual(['pending', 'processing', 'succeeded']);
  });

  it('echoes the video options it was made with', async () => {
    const t = createTestApp();
    const id = await t.generate('bytedance/seedance-1.5-pro', {
      generation_duration: 10,
      generation_resolution: '1080p',
      generation_generate_audio: true,
      generation_seed: 42,
    });
    expect((await t.get(`/v1/content/${id}`)).json.data).toMatchObject({
      generation_duration: 10,
      generation_resolution: '1080p',
      generation_generate_audio: true,
      generation_audio_mode: 'audio',
      generation_seed: 42,
      generation_output_format: 'mp4',
    });
  });

  it('never goes back to an earlier status as the clock moves on (property)', () => {
    const order = ['pending', 'processing', 'succeeded'];
    const input: GenerationInput = {
      prompt: 'p',
      ratio: '1:1',
      outputFormat: 'png',
      outputNumber: 1,
      inputFile: null,
      providerOrder: ['bfl'],
      specific: {},
    };
    fc.assert(
      fc.property(fc.array(fc.nat(120_000), { minLength: 2, maxLength: 20 }), (offsets) => {
        const store = createGenerationStore();
        const record = store.create({
          accountId: 'a',
          keyId: 'k',
          model: FLUX,
          input,
          cost: 0,
          now: 0,
        });
        const statuses = [...offsets]
          .sort((a, b) => a - b)
          .map((t) => order.indexOf(statusAt(record, t)));
        return statuses.every((s, i) => s >= 0 && (i === 0 || s >= (statuses[i - 1] as number)));
      }),
    );
  });
});

describe('cancel', () => {
  it('cancels a processing generation: canceled, the provider told, the credits back', async () => {
    const t = createTestApp();
    const before = (await t.get('/v1/user/billing')).json.data.billing_credit_balance;
    const id = await t.generate('google/veo-2');
    t.clock.advance(QUEUE_MS.video + 1_000);
    const { status, json } = await t.post(`/v1/content/generation/cancel/${id}`);
    expect(status).toBe(200);
    expect(json.data).toEqual({
      generation_id: id,
      generation_status: 'canceled',
      provider_cancel_sent: true,
      credits_refunded: true,
    });
    expect((await t.get(`/v1/user/billing`)).json.data.billing_credit_balance).toBe(before);
  });

  it('leaves a canceled generation canceled however late it is read', async () => {
    const t = createTestApp();
    const id = await t.generate('google/veo-2');
    t.clock.advance(QUEUE_MS.video + 1_000);
    await t.post(`/v1/content/generation/cancel/${id}`);
    t.clock.advance(VEO.run_ms * 10);
    const { json } = await t.get(`/v1/content/${id}`);
    expect(json.data).toMatchObject({
      generation_status: 'canceled',
      generation_output_file: null,
    });
  });

  it('cancels a pending generation without telling a provider', async () => {
    const t = createTestApp();
    const id = await t.generate('google/veo-2');
    const { json } = await t.post(`/v1/content/generation/cancel/${id}`);
    expect(json.data.provider_cancel_sent).toBe(false);
  });

  it('refuses to cancel a finished generation, which stays succeeded', async () => {
    const t = createTestApp();
    const id = await t.generate();
    t.clock.advance(QUEUE_MS.image + FLUX.run_ms);
    const { status, json } = await t.post(`/v1/content/generation/cancel/${id}`);
    expect(status).toBe(409);
    expect(json.error.code).toBe(KEYS_ERROR_CODES.CONFLICT.bse);
    expect((await t.get(`/v1/content/${id}`)).json.data.generation_status).toBe('succeeded');
  });

  it('answers 404 BSE4001 for an unknown generation', async () => {
    const { status, json } = await createTestApp().post('/v1/content/generation/cancel/nope');
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ code: 'BSE4001', type: 'generation_not_found' });
  });
});

describe('get and delete', () => {
  it('answers 404 BSE4001 generation_not_found for an unknown id', async () => {
    const { status, json } = await createTestApp().get('/v1/content/0e0e0e0e');
    expect(status).toBe(404);
    expect(json.error).toMatchObject({
      code: 'BSE4001',
      type: 'generation_not_found',
      retryable: false,
    });
  });

  it('deletes a finished generation with its files, after which it is not found', async () => {
    const t = createTestApp();
    const id = await t.generate('bfl/flux-schnell', { generation_output_number: 3 });
    t.clock.advance(QUEUE_MS.image + FLUX.run_ms);
    const { json } = await t.del(`/v1/content/${id}`);
    expect(json.data).toEqual({ generation_id: id, files_deleted: 3 });
    expect((await t.get(`/v1/content/${id}`)).status).toBe(404);
  });

  it('counts no files for a generation deleted before it had any', async () => {
    const t = createTestApp();
    const id = await t.generate();
    expect((await t.del(`/v1/content/${id}`)).json.data.files_deleted).toBe(0);
  });
});

describe('GET /v1/content/list', () => {
  it('puts total, limit and offset beside data, 50 to a page by default', async () => {
    const t = createTestApp();
    await t.generate();
    const { json } = await t.get('/v1/content/list');
    expect(json).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(Object.keys(json.data)).toEqual(['generations']);
  });

  it('lists newest first', async () => {
    const t = createTestApp();
    const first = await t.generate();
    t.clock.advance(1);
    const second = await t.generate();
    const { json } = await t.get('/v1/content/list');
    expect(json.data.generations.map((g: { generation_id: string }) => g.generation_id)).toEqual([
      second,
      first,
    ]);
  });

  it('honours offset and limit (property: the page is the slice of the whole list)', async () => {
    const t = createTestApp();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.unshift(await t.generate());
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 9 }),
        async (limit, offset) => {
          const { json } = await t.get(`/v1/content/list?limit=${limit}&offset=${offset}`);
          const page = json.data.generations.map((g: { generation_id: string }) => g.generation_id);
          return (
            JSON.stringify(page) === JSON.stringify(ids.slice(offset, offset + limit)) &&
            json.total === 7 &&
            json.limit === limit &&
            json.offset === offset
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each([
    ['limit=0', 422, 'BSE2008', 'limit'],
    ['limit=101', 422, 'BSE2008', 'limit'],
    ['limit=ten', 400, 'BSE2001', 'limit'],
    ['offset=-1', 422, 'BSE2008', 'offset'],
    ['offset=1.5', 400, 'BSE2001', 'offset'],
  ])('refuses %s with %i %s naming the field', async (query, status, code, field) => {
    const answer = await createTestApp().get(`/v1/content/list?${query}`);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toMatchObject({ code, details: { field } });
  });
});
