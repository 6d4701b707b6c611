import { describe, expect, it } from 'vitest';
import { createCreditLedger } from './credits.js';
import { MAX_BODY_BYTES } from './errors.js';
import { createTestApp } from './test-app.js';

const IMAGE = '/v1/generate/image/bfl/flux-schnell';
const VIDEO = '/v1/generate/video/bytedance/seedance-1-pro';

describe('POST /v1/generate refusals', () => {
  it.each([
    ['no prompt', IMAGE, {}, 400, 'BSE2001', 'generation_prompt'],
    ['a blank prompt', IMAGE, { generation_prompt: '  ' }, 400, 'BSE2001', 'generation_prompt'],
    [
      'a prompt that is not text',
      IMAGE,
      { generation_prompt: 7 },
      400,
      'BSE2001',
      'generation_prompt',
    ],
    [
      'an unknown field',
      IMAGE,
      { generation_prompt: 'p', generation_prompts: 'p' },
      400,
      'BSE2001',
      'generation_prompts',
    ],
    [
      'a ratio the model lacks',
      IMAGE,
      { generation_prompt: 'p', generation_ratio: '21:9' },
      422,
      'BSE2008',
      'generation_ratio',
    ],
    [
      'a format the model lacks',
      IMAGE,
      { generation_prompt: 'p', generation_output_format: 'gif' },
      422,
      'BSE2008',
      'generation_output_format',
    ],
    [
      'too many outputs',
      IMAGE,
      { generation_prompt: 'p', generation_output_number: 5 },
      422,
      'BSE2008',
      'generation_output_number',
    ],
    [
      'a fractional output count',
      IMAGE,
      { generation_prompt: 'p', generation_output_number: 1.5 },
      400,
      'BSE2001',
      'generation_output_number',
    ],
    [
      'an input file on a model without one',
      IMAGE,
      { generation_prompt: 'p', generation_input_file: ['https://x.example/a.png'] },
      400,
      'BSE2001',
      'generation_input_file',
    ],
    [
      'a provider outside the stack',
      IMAGE,
      { generation_prompt: 'p', generation_provider_order: 'runway' },
      400,
      'BSE2001',
      'generation_provider_order',
    ],
    [
      'a duration on an image model',
      IMAGE,
      { generation_prompt: 'p', generation_duration: 5 },
      400,
      'BSE2001',
      'generation_duration',
    ],
    [
      'a video without a duration',
      VIDEO,
      { generation_prompt: 'p' },
      400,
      'BSE2001',
      'generation_duration',
    ],
    [
      'a duration the model lacks',
      VIDEO,
      { generation_prompt: 'p', generation_duration: 7 },
      422,
      'BSE2008',
      'generation_duration',
    ],
    [
      'a resolution the model lacks',
      VIDEO,
      { generation_prompt: 'p', generation_duration: 5, generation_resolution: '4k' },
      422,
      'BSE2008',
      'generation_resolution',
    ],
    [
      'audio on a model without it',
      VIDEO,
      { generation_prompt: 'p', generation_duration: 5, generation_generate_audio: true },
      400,
      'BSE2001',
      'generation_generate_audio',
    ],
    [
      'an input file that is not a URL',
      VIDEO,
      { generation_prompt: 'p', generation_duration: 5, generation_input_file: ['file.png'] },
      400,
      'BSE2001',
      'generation_input_file',
    ],
    [
      'an unknown model',
      '/v1/generate/image/acme/unknown',
      { generation_prompt: 'p' },
      400,
      'BSE2001',
      'model_identifier',
    ],
    [
      'a video model on the image route',
      '/v1/generate/image/google/veo-2',
      { generation_prompt: 'p' },
      400,
      'BSE2001',
      'model_identifier',
    ],
    ['a body that is not an object', IMAGE, ['p'], 400, 'BSE2001', 'body'],
    ['a body that is not JSON', IMAGE, '{"generation_prompt":', 400, 'BSE2001', 'body'],
  ])(
    'refuses %s, naming the field, and creates nothing',
    async (_, path, body, status, code, field) => {
      const t = createTestApp();
      const before = (await t.get('/v1/user/billing')).json.data.billing_credit_balance;
      const answer = await t.post(path, body);
      expect(answer.status).toBe(status);
      expect(answer.json.error).toMatchObject({ code, details: { field } });
      expect(answer.json.error.message).toMatch(new RegExp(`^${field}: `));
      expect((await t.get('/v1/content/list')).json.total).toBe(0);
      expect((await t.get('/v1/user/billing')).json.data.billing_credit_balance).toBe(before);
    },
  );

  it('refuses a generation the balance cannot pay for with 402 BSE1004', async () => {
    const t = createTestApp({ credits: createCreditLedger(0.002) });
    const answer = await t.post(IMAGE, { generation_prompt: 'p' });
    expect(answer.status).toBe(402);
    expect(answer.json.error).toMatchObject({ code: 'BSE1004', type: 'insufficient_credits' });
    expect((await t.get('/v1/content/list')).json.total).toBe(0);
  });

  it('accepts model-specific fields the model lists, and an explicit provider order', async () => {
    const t = createTestApp();
    const answer = await t.post(IMAGE, {
      generation_prompt: 'p',
      generation_seed: 7,
      generation_provider_order: 'fal, bfl',
    });
    expect(answer.json.data.generation_provider_order).toEqual(['fal', 'bfl']);
  });
});

describe("BabySea's 100 KB body limit", () => {
  /** A valid generate body of exactly `bytes` bytes. */
  const bodyOf = (bytes: number) => {
    const shell = JSON.stringify({ generation_prompt: '' });
    return JSON.stringify({ generation_prompt: 'a'.repeat(bytes - shell.length) });
  };

  it('accepts a body of exactly 102,400 bytes', async () => {
    expect((await createTestApp().post(IMAGE, bodyOf(MAX_BODY_BYTES))).status).toBe(200);
  });

  it('refuses one byte more with 413 BSE2010 payload_too_large, nothing created', async () => {
    const t = createTestApp();
    const answer = await t.post(IMAGE, bodyOf(MAX_BODY_BYTES + 1));
    expect(answer.status).toBe(413);
    expect(answer.json.error).toMatchObject({ code: 'BSE2010', type: 'payload_too_large' });
    expect((await t.get('/v1/content/list')).json.total).toBe(0);
  });

  it('refuses a streamed body without a length as soon as it passes the limit', async () => {
    const t = createTestApp();
    const chunk = new Uint8Array(40 * 1024).fill(0x61);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Endless unless the server stops reading: it must give up after the limit.
        if (sent > 10 * MAX_BODY_BYTES) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.byteLength;
      },
    });
    const response = await t.app.request(IMAGE, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 3 * chunk.byteLength);
  });

  it('refuses a declared Content-Length over the limit on any POST, before reading', async () => {
    const t = createTestApp();
    const response = await t.app.request('/v1/content/generation/cancel/any', {
      method: 'POST',
      headers: { 'Content-Length': String(MAX_BODY_BYTES + 1) },
    });
    expect(response.status).toBe(413);
  });
});
