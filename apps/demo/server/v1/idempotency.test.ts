import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_TTL_MS } from './idempotency.js';
import { createTestApp } from './test-app.js';

const IMAGE = '/v1/generate/image/bfl/flux-schnell';
const BODY = { generation_prompt: 'a baby seal' };
const key = (value: string) => ({ 'Idempotency-Key': value });

describe('Idempotency-Key on generate', () => {
  it('replays the first answer for the same key and body, flagged Idempotency-Replayed', async () => {
    const t = createTestApp();
    const first = await t.post(IMAGE, BODY, key('order-42'));
    const again = await t.post(IMAGE, BODY, key('order-42'));
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    expect(first.headers.get('Idempotency-Replayed')).toBeNull();
  });

  it('creates one generation and charges once however often it is replayed', async () => {
    const t = createTestApp();
    const before = (await t.get('/v1/user/billing')).json.data.billing_credit_balance;
    for (let i = 0; i < 3; i++) await t.post(IMAGE, BODY, key('order-42'));
    expect((await t.get('/v1/content/list')).json.total).toBe(1);
    expect((await t.get('/v1/user/billing')).json.data.billing_credit_balance).toBe(before - 0.003);
  });

  it('refuses the same key with another body: 422 BSE2015, nothing created', async () => {
    const t = createTestApp();
    await t.post(IMAGE, BODY, key('order-42'));
    const other = await t.post(IMAGE, { generation_prompt: 'a walrus' }, key('order-42'));
    expect(other.status).toBe(422);
    expect(other.json.error).toMatchObject({ code: 'BSE2015', retryable: false });
    expect((await t.get('/v1/content/list')).json.total).toBe(1);
  });

  it('refuses the same key and body on another model as another request (BSE2015)', async () => {
    const t = createTestApp();
    await t.post(IMAGE, BODY, key('order-42'));
    const other = await t.post('/v1/generate/image/google/imagen-4', BODY, key('order-42'));
    expect(other.json.error.code).toBe('BSE2015');
  });

  it('answers 409 BSE2016 (retryable) while the first request with the key is in flight', async () => {
    const t = createTestApp();
    const encoder = new TextEncoder();
    let reading!: () => void;
    const started = new Promise<void>((resolve) => {
      reading = resolve;
    });
    let finish!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('{"generation_prompt":'));
        finish = () => {
          controller.enqueue(encoder.encode('"a baby seal"}'));
          controller.close();
        };
      },
      pull: () => reading(),
    });
    const first = t.app.request(IMAGE, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...key('order-42') },
      body,
      duplex: 'half',
    } as RequestInit);
    await started; // the first request is reading its body: its key is taken
    const second = await t.post(IMAGE, BODY, key('order-42'));
    expect(second.status).toBe(409);
    expect(second.json.error).toMatchObject({ code: 'BSE2016', retryable: true });
    finish();
    expect((await first).status).toBe(200);
    expect((await t.post(IMAGE, BODY, key('order-42'))).headers.get('Idempotency-Replayed')).toBe(
      'true',
    );
  });

  it('forgets a key after 24 hours: the same request then creates a new generation', async () => {
    const t = createTestApp();
    const first = await t.post(IMAGE, BODY, key('order-42'));
    t.clock.advance(IDEMPOTENCY_TTL_MS);
    const later = await t.post(IMAGE, BODY, key('order-42'));
    expect(later.headers.get('Idempotency-Replayed')).toBeNull();
    expect(later.json.data.generation_id).not.toBe(first.json.data.generation_id);
  });

  it('still replays just before the 24 hours are up', async () => {
    const t = createTestApp();
    await t.post(IMAGE, BODY, key('order-42'));
    t.clock.advance(IDEMPOTENCY_TTL_MS - 1);
    expect((await t.post(IMAGE, BODY, key('order-42'))).headers.get('Idempotency-Replayed')).toBe(
      'true',
    );
  });

  it('does not keep the key of a refused request: fixed, it goes through', async () => {
    const t = createTestApp();
    const refused = await t.post(IMAGE, { generation_prompt: '' }, key('order-42'));
    expect(refused.status).toBe(400);
    const fixed = await t.post(IMAGE, BODY, key('order-42'));
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('Idempotency-Replayed')).toBeNull();
  });

  it('replays a generation canceled since as canceled, the shape the SDK declares for it', async () => {
    const t = createTestApp();
    const video = { generation_prompt: 'waves', generation_duration: 5 };
    const first = await t.post('/v1/generate/video/google/veo-2', video, key('v-1'));
    const id = first.json.data.generation_id;
    await t.post(`/v1/content/generation/cancel/${id}`);
    const again = await t.post('/v1/generate/video/google/veo-2', video, key('v-1'));
    expect(again.json.data).toEqual({ generation_id: id, generation_status: 'canceled' });
  });

  it('keeps keys per account: the same key and body elsewhere is not a replay', async () => {
    // Two apps share nothing, as two accounts share no idempotency keys.
    const a = createTestApp();
    const b = createTestApp();
    await a.post(IMAGE, BODY, key('order-42'));
    expect(
      (await b.post(IMAGE, BODY, key('order-42'))).headers.get('Idempotency-Replayed'),
    ).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['a space', 'order 42'],
    ['a slash', 'order/42'],
  ])('refuses a key that is %s with 400 BSE2001, nothing created', async (_, value) => {
    const t = createTestApp();
    const answer = await t.post(IMAGE, BODY, key(value));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 'BSE2001',
      details: { field: 'Idempotency-Key' },
    });
    expect((await t.get('/v1/content/list')).json.total).toBe(0);
  });

  it('accepts a 255-character key of every allowed character', async () => {
    const value = `${'Az09_-:.'.repeat(31)}Az09_-:`;
    expect(value).toHaveLength(255);
    expect((await createTestApp().post(IMAGE, BODY, key(value))).status).toBe(200);
  });
});
