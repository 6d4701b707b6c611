/**
 * The stand-in for the BabySea API: every route of PRODUCT.md §4, answering in the shapes of
 * BabySea's SDK types (`ApiResponse<T>`, `PaginatedResponse<T>` and each route's data). These
 * handlers never check a key themselves: they run behind the verifier (see demo-server.ts),
 * which sets `apiKey` on the context.
 */

import { getDefaultPolicy } from '@babysea/keys-core';
import type { KeysVariables } from '@babysea/keys-core/hono';
import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  findModel,
  libraryModel,
  libraryProvider,
  MODELS,
  PROVIDERS,
  type ProviderId,
} from './catalog.js';
import { type Checked, type Refusal, refuse } from './checked.js';
import { type CreditLedger, createCreditLedger } from './credits.js';
import { failure, paginated, success } from './envelope.js';
import { MAX_BODY_BYTES, V1_ERRORS, type V1ErrorSpec } from './errors.js';
import { checkGenerateBody } from './generate-input.js';
import {
  type GenerationRecord,
  type GenerationStore,
  generationView,
  statusAt,
} from './generations.js';
import {
  createIdempotencyStore,
  IDEMPOTENCY_KEY_PATTERN,
  type IdempotencyStore,
  requestFingerprint,
  type StoredAnswer,
} from './idempotency.js';
import { credits, quote } from './pricing.js';
import { readBodyLimited } from './read-body.js';
import { createUsageLedger, USAGE_DAYS, type UsageLedger } from './usage.js';

/** Context variables: `keysAuth`'s verified key, and the BSE code of a refusal given here. */
export interface V1Env {
  Variables: KeysVariables & { v1ErrorCode?: string };
}

/** What the routes need. Everything but the clock and generations defaults to a fresh one. */
export interface V1Options {
  clock: () => number;
  generations: GenerationStore;
  credits?: CreditLedger;
  idempotency?: IdempotencyStore;
  usage?: UsageLedger;
}

/** BabySea's page size: 50 by default, 1 to 100. */
export const PAGE_SIZE = { default: 50, max: 100 } as const;

/** `/v1/estimate`'s `count`: 1 to 100 generations. */
export const MAX_ESTIMATE_COUNT = 100;

/** The demo account's profile (there is one account; every key belongs to it). */
const ACCOUNT_PROFILE = {
  account_name: 'Demo Studio',
  account_email: 'team@babysea.example',
  account_is_personal: false,
  account_picture_url: null,
  account_created_at: '2025-01-06T09:00:00.000Z',
};

/** Where the health routes look: the last five minutes. */
const HEALTH_WINDOW_SECONDS = 300;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A whole number from the query, within bounds, or the default when absent. */
function integerParam(
  value: string | undefined,
  field: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): Checked<number> {
  if (value === undefined) return { ok: true, value: fallback };
  const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number))
    return refuse(V1_ERRORS.INVALID_INPUT, field, `expected a whole number, got "${value}"`);
  if (number < min || number > max)
    return refuse(V1_ERRORS.OUT_OF_RANGE, field, `from ${min} to ${max}, got ${number}`);
  return { ok: true, value: number };
}

/** Builds the `/v1` routes (mount with `app.route('/v1', createV1Routes(...))`). */
export function createV1Routes(options: V1Options): Hono<V1Env> {
  const { clock, generations } = options;
  const ledger = options.credits ?? createCreditLedger();
  const idempotency = options.idempotency ?? createIdempotencyStore();
  const usage = options.usage ?? createUsageLedger();
  const policy = getDefaultPolicy();
  const v1 = new Hono<V1Env>();

  const ok = <T>(c: Context<V1Env>, message: string, data: T) =>
    c.json(success(clock(), message, data), 200);
  const fail = (
    c: Context<V1Env>,
    spec: V1ErrorSpec,
    message: string,
    details?: Record<string, unknown>,
  ) => {
    c.set('v1ErrorCode', spec.code);
    return c.json(failure(spec, message, details), spec.status);
  };
  const refused = (c: Context<V1Env>, refusal: Refusal) =>
    fail(c, refusal.error, refusal.message, { field: refusal.field });
  const account = (c: Context<V1Env>) => c.get('apiKey').accountId;
  const notFound = (c: Context<V1Env>, id: string) =>
    fail(c, V1_ERRORS.GENERATION_NOT_FOUND, `Generation ${id} not found`, {
      generation_id: id,
    });

  // Usage: every answer here, by route, for `/v1/usage`.
  v1.use('*', async (c, next) => {
    await next();
    const key = c.get('apiKey');
    if (!key) return;
    const path = new URL(c.req.url).pathname;
    const rule = policy.matchRoute(c.req.method, path)?.rule;
    usage.recordRequest(key.accountId, {
      at: clock(),
      // As the scope table writes it: keys-core marks multi-segment parameters `{name+}`.
      endpoint: `${c.req.method} ${rule ? rule.path.replace('+}', '}') : path}`,
      status: c.res.status,
      code: c.get('v1ErrorCode'),
    });
  });
  // BabySea's body limit, before any handler reads a byte (generate also counts streamed bodies).
  v1.use('*', async (c, next) => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge(c);
    await next();
  });
  const tooLarge = (c: Context<V1Env>) =>
    fail(c, V1_ERRORS.PAYLOAD_TOO_LARGE, `Request body over ${MAX_BODY_BYTES} bytes (100 KB)`, {
      max_bytes: MAX_BODY_BYTES,
    });

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
    const days = integerParam(c.req.query('days'), 'days', {
      min: USAGE_DAYS.min,
      max: USAGE_DAYS.max,
      fallback: USAGE_DAYS.default,
    });
    if (!days.ok) return refused(c, days);
    const id = account(c);
    return ok(
      c,
      'Usage retrieved successfully',
      usage.report(id, days.value, clock(), ledger.balance(id)),
    );
  });
  v1.get('/user/account', (c) =>
    ok(c, 'Account retrieved successfully', { account_id: account(c), ...ACCOUNT_PROFILE }),
  );
  v1.get('/user/billing', (c) => {
    const now = new Date(clock());
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    return ok(c, 'Billing retrieved successfully', {
      account_id: account(c),
      billing_plan: 'Pro',
      billing_credit_balance: ledger.balance(account(c)),
      billing_subscription_status: 'active',
      billing_cancel_at_period_end: false,
      billing_currency: 'USD',
      billing_period_starts_at: iso(start),
      billing_period_ends_at: iso(end),
      billing_created_at: ACCOUNT_PROFILE.account_created_at,
      billing_updated_at: iso(start),
    });
  });

  // ---- generation:write --------------------------------------------------------------------
  const generate = (type: 'image' | 'video') => async (c: Context<V1Env>) => {
    const caller = c.get('apiKey');
    const idempotencyKey = c.req.header('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
      return refused(
        c,
        refuse(
          V1_ERRORS.INVALID_INPUT,
          'Idempotency-Key',
          '1 to 255 characters of A-Z, a-z, 0-9, "_", "-", ":" and "."',
        ),
      );
    const reservation =
      idempotencyKey === undefined
        ? undefined
        : idempotency.begin(caller.accountId, idempotencyKey, clock());
    if (reservation?.kind === 'in_progress')
      return fail(
        c,
        V1_ERRORS.IDEMPOTENCY_KEY_IN_PROGRESS,
        'The first request with this Idempotency-Key is still being processed; retry shortly',
      );
    const abandon = <R>(answer: R) => {
      if (reservation?.kind === 'new') reservation.abandon();
      return answer;
    };

    const body = await readBodyLimited(c.req.raw, MAX_BODY_BYTES);
    if (!body.ok) return abandon(tooLarge(c));
    const path = new URL(c.req.url).pathname;
    const fingerprint = requestFingerprint(c.req.method, path, body.text);
    if (reservation?.kind === 'done') {
      if (reservation.fingerprint !== fingerprint)
        return fail(
          c,
          V1_ERRORS.IDEMPOTENCY_KEY_REUSED,
          'This Idempotency-Key was used with another request in the last 24 hours',
        );
      return replay(c, caller.accountId, reservation.answer);
    }

    const identifier = c.req.param('model') ?? '';
    const model = findModel(identifier);
    if (!model)
      return abandon(
        refused(
          c,
          refuse(V1_ERRORS.INVALID_INPUT, 'model_identifier', `unknown model ${identifier}`),
        ),
      );
    if (model.model_type !== type)
      return abandon(
        refused(
          c,
          refuse(
            V1_ERRORS.INVALID_INPUT,
            'model_identifier',
            `${identifier} is a ${model.model_type} model: POST /v1/generate/${model.model_type}/${identifier}`,
          ),
        ),
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return abandon(refused(c, refuse(V1_ERRORS.INVALID_INPUT, 'body', 'not valid JSON')));
    }
    const checked = checkGenerateBody(model, parsed);
    if (!checked.ok) return abandon(refused(c, checked));

    const cost = checked.value.quote.costPerGeneration;
    if (!ledger.charge(caller.accountId, cost))
      return abandon(
        fail(
          c,
          V1_ERRORS.INSUFFICIENT_CREDITS,
          `This generation costs ${cost} credits; the balance is ${ledger.balance(caller.accountId)}`,
          { cost, credit_balance: ledger.balance(caller.accountId) },
        ),
      );
    const record = generations.create({
      accountId: caller.accountId,
      keyId: caller.id,
      model,
      input: checked.value.input,
      cost,
      now: clock(),
    });
    usage.recordGeneration(record);
    const envelope = success(
      clock(),
      `${type === 'image' ? 'Image' : 'Video'} generation created`,
      {
        model_identifier: model.model_identifier,
        generation_provider_order: [...record.input.providerOrder],
        generation_prediction_id: record.predictionId,
        generation_id: record.id,
        generation_initialized: true as const,
      },
    );
    if (reservation?.kind === 'new')
      reservation.finish(fingerprint, { status: 200, body: envelope });
    return c.json(envelope, 200);
  };

  /** The first answer again; a generation canceled since then answers as canceled (SDK type). */
  const replay = (c: Context<V1Env>, accountId: string, answer: StoredAnswer) => {
    const id = answer.body.data.generation_id;
    const record = generations.get(accountId, id);
    const body =
      record && statusAt(record, clock()) === 'canceled'
        ? { ...answer.body, data: { generation_id: id, generation_status: 'canceled' } }
        : answer.body;
    c.header('Idempotency-Replayed', 'true');
    return c.json(body, answer.status as 200);
  };

  v1.post('/generate/image/:model{.+}', generate('image'));
  v1.post('/generate/video/:model{.+}', generate('video'));

  // ---- generation:read / generation:delete -------------------------------------------------
  v1.get('/content/list', (c) => {
    const limit = integerParam(c.req.query('limit'), 'limit', {
      min: 1,
      max: PAGE_SIZE.max,
      fallback: PAGE_SIZE.default,
    });
    if (!limit.ok) return refused(c, limit);
    const offset = integerParam(c.req.query('offset'), 'offset', {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
      fallback: 0,
    });
    if (!offset.ok) return refused(c, offset);
    const now = clock();
    const page = generations.list(account(c), { limit: limit.value, offset: offset.value });
    return c.json(
      paginated(
        now,
        'Generations retrieved successfully',
        { generations: page.records.map((record) => generationView(record, now)) },
        { total: page.total, limit: limit.value, offset: offset.value },
      ),
    );
  });
  v1.get('/content/:id', (c) => {
    const id = c.req.param('id');
    const record = generations.get(account(c), id);
    return record
      ? ok(c, 'Generation retrieved successfully', generationView(record, clock()))
      : notFound(c, id);
  });
  v1.delete('/content/:id', (c) => {
    const id = c.req.param('id');
    const now = clock();
    const record = generations.delete(account(c), id);
    if (!record) return notFound(c, id);
    const files = statusAt(record, now) === 'succeeded' ? record.input.outputNumber : 0;
    return ok(c, 'Generation deleted successfully', { generation_id: id, files_deleted: files });
  });
  v1.post('/content/generation/cancel/:id', (c) => {
    const id = c.req.param('id');
    const result = generations.cancel(account(c), id, clock());
    if (!result.ok) {
      if (result.reason === 'not_found') return notFound(c, id);
      return fail(
        c,
        V1_ERRORS.NOT_CANCELABLE,
        'Only a pending or processing generation can be canceled',
        { generation_id: id },
      );
    }
    ledger.refund(result.record.accountId, result.record.cost);
    return ok(c, 'Generation canceled successfully', {
      generation_id: id,
      generation_status: 'canceled' as const,
      provider_cancel_sent: result.providerCancelSent,
      credits_refunded: true,
    });
  });

  // ---- health:read -------------------------------------------------------------------------
  v1.get('/health/inference/providers', (c) => {
    const now = clock();
    const since = now - HEALTH_WINDOW_SECONDS * 1000;
    const recent = generations
      .list(account(c), { limit: Number.MAX_SAFE_INTEGER, offset: 0 })
      .records.filter((r) => r.startedAt >= since && r.startedAt <= now);
    const providers = PROVIDERS.map(({ provider_id }) => {
      const served = recent.filter((r) => r.input.providerOrder[0] === provider_id);
      const successes = served.filter((r) => statusAt(r, now) === 'succeeded').length;
      return {
        provider: provider_id,
        status: 'healthy' as const,
        failure_rate: 0,
        window: {
          total_attempts: served.length,
          failures: 0,
          successes,
          duration_seconds: HEALTH_WINDOW_SECONDS,
        },
      };
    });
    return ok(c, 'Provider health retrieved successfully', {
      service: 'providers' as const,
      healthy: true,
      providers,
      providers_total: providers.length,
    });
  });
  v1.get('/health/inference/models', (c) => {
    const models = MODELS.map((model) => ({
      model_identifier: model.model_identifier,
      model_type: model.model_type,
      // BabySea's HealthModel has a number or nothing: tiered prices are left out here.
      ...(typeof model.model_pricing === 'number' ? { model_pricing: model.model_pricing } : {}),
      providers: Object.fromEntries(
        model.model_supported_provider.map((provider: ProviderId) => [
          provider,
          { available: true, raw_model_id: `${provider}:${model.model_identifier}` },
        ]),
      ),
    }));
    return ok(c, 'Model health retrieved successfully', {
      service: 'models' as const,
      healthy: true,
      models,
      models_total: models.length,
    });
  });
  // The demo has no bucket or cache to ping: these report fixed, plausible figures.
  v1.get('/health/storage', (c) =>
    ok(c, 'Storage health retrieved successfully', {
      service: 'storage' as const,
      healthy: true,
      latency_ms: 12,
      bucket: 'babysea-demo-generations',
    }),
  );
  v1.get('/health/cache', (c) =>
    ok(c, 'Cache health retrieved successfully', {
      service: 'redis' as const,
      healthy: true,
      latency_ms: 2,
    }),
  );

  // ---- library:read ------------------------------------------------------------------------
  v1.get('/library/providers', (c) =>
    ok(c, 'Providers retrieved successfully', {
      providers: PROVIDERS.map(libraryProvider),
      providers_total: PROVIDERS.length,
    }),
  );
  v1.get('/library/models', (c) =>
    ok(c, 'Models retrieved successfully', {
      models: MODELS.map(libraryModel),
      models_total: MODELS.length,
    }),
  );
  v1.get('/estimate/:model{.+}', (c) => {
    const identifier = c.req.param('model');
    const model = findModel(identifier);
    if (!model)
      return refused(
        c,
        refuse(V1_ERRORS.INVALID_INPUT, 'model_identifier', `unknown model ${identifier}`),
      );
    const count = integerParam(c.req.query('count'), 'count', {
      min: 1,
      max: MAX_ESTIMATE_COUNT,
      fallback: 1,
    });
    if (!count.ok) return refused(c, count);
    const durationText = c.req.query('duration');
    const duration = durationText === undefined ? undefined : Number(durationText);
    if (duration !== undefined && !Number.isFinite(duration))
      return refused(
        c,
        refuse(V1_ERRORS.INVALID_INPUT, 'duration', `expected seconds, got "${durationText}"`),
      );
    const audioText = c.req.query('audio');
    if (audioText !== undefined && audioText !== 'true' && audioText !== 'false')
      return refused(
        c,
        refuse(V1_ERRORS.INVALID_INPUT, 'audio', `expected true or false, got "${audioText}"`),
      );
    const priced = quote(model, {
      duration,
      resolution: c.req.query('resolution'),
      audio: audioText === undefined ? undefined : audioText === 'true',
    });
    if (!priced.ok) return refused(c, priced);
    const { costPerGeneration, costPerSecond, resolution } = priced.value;
    const balance = ledger.balance(account(c));
    const total = credits(costPerGeneration * count.value);
    return ok(c, 'Estimate calculated successfully', {
      model_identifier: model.model_identifier,
      model_type: model.model_type,
      assets_count: count.value,
      ...(costPerSecond === undefined
        ? {}
        : { cost_per_second: costPerSecond, duration_seconds: priced.value.duration }),
      ...(resolution === undefined ? {} : { resolution }),
      cost_per_generation: costPerGeneration,
      cost_total_consumed: total,
      credit_balance: balance,
      credit_balance_can_afford: balance >= total,
      credit_balance_max_affordable: Math.floor(balance / costPerGeneration),
    });
  });

  return v1;
}

export type { GenerationRecord };
