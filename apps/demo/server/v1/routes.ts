/**
 * The stand-in for the BabySea API: every route of PRODUCT.md §4, answering plausible JSON in
 * the envelope of §9. These handlers never check a key themselves: they run behind the
 * verifier (see demo-server.ts), which sets `apiKey` on the context.
 */

import type { KeysVariables } from '@babysea/keys-core/hono';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { findModel, MODELS, PROVIDERS } from './catalog.js';
import { failure, success } from './envelope.js';
import type { GenerationStore } from './generations.js';

/** Context variables the guard sets before these handlers run: `keysAuth`'s verified key. */
export interface V1Env {
  Variables: KeysVariables;
}

/** What the routes need. */
export interface V1Options {
  clock: () => number;
  generations: GenerationStore;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Builds the `/v1` routes (mount with `app.route('/v1', createV1Routes(...))`). */
export function createV1Routes({ clock, generations }: V1Options): Hono<V1Env> {
  const v1 = new Hono<V1Env>();
  const ok = <T>(c: Context<V1Env>, message: string, data: T, status: 200 | 201 = 200) =>
    c.json(success(clock(), message, data), status);
  // BabySea's own code for a missing generation; a missing model has none in its catalogue, so
  // it takes the kit's not-found number (README: error codes).
  const notFound = (c: Context<V1Env>, what: string) =>
    what === 'Generation'
      ? c.json(failure(clock(), 'BSE4001', 'generation_not_found', 'Generation not found'), 404)
      : c.json(failure(clock(), 'BSE9004', 'not_found', `${what} not found`), 404);

  // ---- account:read ------------------------------------------------------------------------
  v1.get('/status', (c) => {
    const key = c.get('apiKey');
    return ok(c, 'API connected successfully', {
      account_id: key.accountId,
      apikey_id: key.id,
      apikey_name: key.name,
      apikey_prefix: key.prefix,
      apikey_created_at: iso(key.createdAt),
      apikey_last_used_at: iso(key.lastUsedAt),
      apikey_expires_at: iso(key.expiresAt),
    });
  });
  v1.get('/usage', (c) => {
    const { generations: all } = generations.list(
      c.get('apiKey').accountId,
      Number.MAX_SAFE_INTEGER,
    );
    const now = new Date(clock());
    const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    return ok(c, 'Usage retrieved successfully', {
      period_start: periodStart.toISOString(),
      period_end: now.toISOString(),
      generations: all.length,
      image_generations: all.filter((g) => g.type === 'image').length,
      video_generations: all.filter((g) => g.type === 'video').length,
      credits_used: all.reduce((sum, g) => sum + (g.status === 'cancelled' ? 0 : g.credits), 0),
    });
  });
  v1.get('/user/account', (c) =>
    ok(c, 'Account retrieved successfully', {
      account_id: c.get('apiKey').accountId,
      account_name: 'Demo Studio',
      account_type: 'team',
      region: 'us',
      members: 3,
    }),
  );
  v1.get('/user/billing', (c) =>
    ok(c, 'Billing retrieved successfully', {
      account_id: c.get('apiKey').accountId,
      plan: 'Pro',
      currency: 'USD',
      credits_balance: 4_250,
      auto_recharge: false,
    }),
  );

  // ---- generation:write --------------------------------------------------------------------
  const generate = (type: 'image' | 'video') => async (c: Context<V1Env>) => {
    const identifier = c.req.param('model') ?? '';
    const model = findModel(identifier);
    if (!model || model.type !== type)
      return notFound(c, `${type === 'image' ? 'Image' : 'Video'} model ${identifier}`);
    const body = (await c.req.json().catch(() => null)) as { generation_prompt?: unknown } | null;
    const prompt = typeof body?.generation_prompt === 'string' ? body.generation_prompt.trim() : '';
    if (!prompt)
      return c.json(
        failure(clock(), 'BSE2001', 'invalid_input', 'generation_prompt: required'),
        400,
      );
    const caller = c.get('apiKey');
    const generation = generations.create({
      accountId: caller.accountId,
      keyId: caller.id,
      model,
      prompt,
      now: clock(),
    });
    return ok(c, `${type === 'image' ? 'Image' : 'Video'} generation created`, generation);
  };
  v1.post('/generate/image/:model{.+}', generate('image'));
  v1.post('/generate/video/:model{.+}', generate('video'));

  // ---- generation:read / generation:delete -------------------------------------------------
  v1.get('/content/list', (c) => {
    const limit = Math.min(100, Math.max(1, Number(c.req.query('limit') ?? 20) || 20));
    return ok(c, 'Generations retrieved successfully', {
      ...generations.list(c.get('apiKey').accountId, limit),
      limit,
    });
  });
  v1.get('/content/:id', (c) => {
    const generation = generations.get(c.get('apiKey').accountId, c.req.param('id'));
    return generation
      ? ok(c, 'Generation retrieved successfully', generation)
      : notFound(c, 'Generation');
  });
  v1.delete('/content/:id', (c) => {
    const id = c.req.param('id');
    return generations.delete(c.get('apiKey').accountId, id)
      ? ok(c, 'Generation deleted', { generation_id: id, deleted: true })
      : notFound(c, 'Generation');
  });
  v1.post('/content/generation/cancel/:id', (c) => {
    const result = generations.cancel(c.get('apiKey').accountId, c.req.param('id'), clock());
    if (result === 'not_found') return notFound(c, 'Generation');
    if (result === 'not_cancellable')
      return c.json(
        failure(clock(), 'BSE9005', 'conflict', 'Only a processing generation can be cancelled'),
        409,
      );
    return ok(c, 'Generation cancelled', result);
  });

  // ---- health:read -------------------------------------------------------------------------
  v1.get('/health/inference/providers', (c) =>
    ok(c, 'Providers are healthy', {
      providers: PROVIDERS.map((p) => ({ ...p, status: 'operational' })),
    }),
  );
  v1.get('/health/inference/models', (c) =>
    ok(c, 'Models are healthy', {
      models: MODELS.map((m) => ({ model_identifier: m.model_identifier, status: 'operational' })),
    }),
  );
  v1.get('/health/storage', (c) =>
    ok(c, 'Storage is healthy', { status: 'operational', latency_ms: 12 }),
  );
  v1.get('/health/cache', (c) =>
    ok(c, 'Cache is healthy', { status: 'operational', hit_rate: 0.97 }),
  );

  // ---- library:read ------------------------------------------------------------------------
  v1.get('/library/providers', (c) =>
    ok(c, 'Providers retrieved successfully', { providers: PROVIDERS }),
  );
  v1.get('/library/models', (c) => ok(c, 'Models retrieved successfully', { models: MODELS }));
  v1.get('/estimate/:model{.+}', (c) => {
    const identifier = c.req.param('model');
    const model = findModel(identifier);
    if (!model) return notFound(c, `Model ${identifier}`);
    return ok(c, 'Estimate calculated', {
      model_identifier: model.model_identifier,
      credits: model.credits_per_generation,
      estimated_latency_ms: model.average_latency_ms,
    });
  });

  return v1;
}
