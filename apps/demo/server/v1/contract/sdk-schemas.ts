/**
 * Schemas of BabySea's API as its official TypeScript SDK declares it (the `babysea` package's
 * src/types.ts: `ApiResponse`, `PaginatedResponse`, `ApiErrorBody` and each route's data type),
 * written here in zod, field for field, with the SDK type's name on each. Objects are strict: a
 * field the SDK does not declare fails the check as surely as a missing one. The contract test
 * (contract.test.ts) holds every `/v1` route to these, and `pnpm sdk-check` the real SDK's
 * results.
 */
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();
const credits = z.number().nonnegative();

/** `ApiResponse<T>`: the success envelope. */
export const apiResponse = <T extends z.ZodType>(data: T) =>
  z.strictObject({
    status: z.literal('success'),
    request_id: z.string().min(1),
    message: z.string(),
    timestamp: isoTime,
    data,
  });

/** `PaginatedResponse<T>`: the envelope with `total`, `limit` and `offset` beside `data`. */
export const paginatedResponse = <T extends z.ZodType>(data: T) =>
  apiResponse(data).extend({ total: count, limit: z.number().int().min(1), offset: count });

/** `ApiErrorBody` (with the `request_id` BabySea always sends). */
export const ApiErrorBody = z.strictObject({
  status: z.literal('error'),
  request_id: z.string().min(1),
  error: z.strictObject({
    code: z.string().regex(/^BSE\d{4}$/),
    type: z.string().regex(/^[a-z_]+$/),
    message: z.string().min(1),
    retryable: z.boolean(),
    details: z.record(z.string(), z.unknown()).optional(),
    provider_errors: z
      .array(
        z.strictObject({
          provider: z.string(),
          code: z.string(),
          type: z.string(),
          message: z.string(),
          retryable: z.boolean(),
        }),
      )
      .optional(),
  }),
});

/** `StatusData` (`GET /v1/status`). */
export const StatusData = z.strictObject({
  account_id: z.string(),
  apikey_id: z.string(),
  apikey_name: z.string().nullable(),
  apikey_prefix: z.string().nullable(),
  apikey_created_at: isoTime.nullable(),
  apikey_last_used_at: isoTime.nullable(),
  apikey_expires_at: isoTime.nullable(),
});

/** `UsageData` (`GET /v1/usage`). */
export const UsageData = z.strictObject({
  account_id: z.string(),
  usage_period_days: z.number().int().min(1).max(90),
  usage_credit_balance: z.number(),
  usage_total_requests: count,
  usage_total_success: count,
  usage_total_client_errors: count,
  usage_total_server_errors: count,
  usage_total_generations: count,
  usage_total_provider_submissions: count,
  usage_total_estimated_cost: credits,
  usage_endpoints: z.array(
    z.strictObject({
      endpoint: z.string(),
      total_requests: count,
      success_count: count,
      client_error_count: count,
      server_error_count: count,
      error_codes: z.record(z.string(), count),
    }),
  ),
  usage_providers: z.array(
    z.strictObject({
      provider: z.string(),
      total_submissions: count,
      used_count: count,
      cancelled_count: count,
      discarded_count: count,
      failed_count: count,
      total_estimated_cost: credits,
      wasted_estimated_cost: credits,
    }),
  ),
});

/** `AccountData` (`GET /v1/user/account`). */
export const AccountData = z.strictObject({
  account_id: z.string(),
  account_name: z.string(),
  account_email: z.string().nullable(),
  account_is_personal: z.boolean(),
  account_picture_url: z.string().nullable(),
  account_created_at: isoTime,
});

/** `BillingData` (`GET /v1/user/billing`). */
export const BillingData = z.strictObject({
  account_id: z.string(),
  billing_plan: z.string().nullable(),
  billing_credit_balance: z.number(),
  billing_subscription_status: z.string().nullable(),
  billing_cancel_at_period_end: z.boolean().nullable(),
  billing_currency: z.string().nullable(),
  billing_period_starts_at: isoTime.nullable(),
  billing_period_ends_at: isoTime.nullable(),
  billing_created_at: isoTime.nullable(),
  billing_updated_at: isoTime.nullable(),
});

/** `EstimateData` (`GET /v1/estimate/{model_identifier}`). */
export const EstimateData = z.strictObject({
  model_identifier: z.string(),
  model_type: z.enum(['image', 'video']),
  assets_count: z.number().int().min(1),
  cost_per_second: credits.optional(),
  duration_seconds: z.number().positive().optional(),
  resolution: z.string().optional(),
  cost_per_generation: credits,
  cost_total_consumed: credits,
  credit_balance: z.number().nullable(),
  credit_balance_can_afford: z.boolean().nullable(),
  credit_balance_max_affordable: count.nullable(),
});

/** `ImageGenerationData` / `VideoGenerationData` (`POST /v1/generate/*`). */
export const GenerationData = z.union([
  z.strictObject({
    model_identifier: z.string(),
    generation_provider_order: z.array(z.string()).min(1),
    generation_prediction_id: z.string(),
    generation_id: z.string(),
    generation_initialized: z.literal(true),
  }),
  z.strictObject({ generation_id: z.string(), generation_status: z.literal('canceled') }),
]);

/** `GenerationCancelData` (`POST /v1/content/generation/cancel/{generation_id}`). */
export const GenerationCancelData = z.strictObject({
  generation_id: z.string(),
  generation_status: z.literal('canceled'),
  provider_cancel_sent: z.boolean(),
  credits_refunded: z.boolean(),
});

/** `GenerationDeleteData` (`DELETE /v1/content/{generation_id}`). */
export const GenerationDeleteData = z.strictObject({
  generation_id: z.string(),
  files_deleted: count,
});

/** BabySea's generation statuses (`Generation['generation_status']`). */
export const GenerationStatus = z.enum([
  'pending',
  'processing',
  'succeeded',
  'failed',
  'canceled',
]);

const GENERATION_FIELDS = {
  account_id: z.string(),
  generation_id: z.string(),
  model_identifier: z.string().optional(),
  generation_provider_order: z.array(z.string()).optional(),
  generation_provider_used: z.string().nullable().optional(),
  generation_prediction_id: z.string().nullable().optional(),
  generation_status: GenerationStatus.optional(),
  generation_prompt: z.string().optional(),
  generation_ratio: z.string().optional(),
  generation_output_format: z.string().optional(),
  generation_output_number: z.number().int().min(1).optional(),
  generation_input_file: z.array(z.string()).nullable().optional(),
  generation_output_file: z.array(z.string()).nullable().optional(),
  generation_created_at: isoTime.optional(),
  generation_started_at: isoTime.nullable().optional(),
  generation_completed_at: isoTime.nullable().optional(),
  generation_metrics_total_time: z.number().nullable().optional(),
  generation_metrics_predict_time: z.number().nullable().optional(),
  generation_duration: z.number().optional(),
  generation_resolution: z.string().optional(),
  generation_generate_audio: z.boolean().optional(),
  generation_audio_mode: z.enum(['audio', 'noaudio']).optional(),
  generation_error: z.string().optional(),
  generation_error_code: z.string().optional(),
  generation_removed: z.boolean().optional(),
};

/**
 * `Generation` (`GET /v1/content/{generation_id}`). Its index signature allows model-specific
 * `generation_*` fields beside the declared ones, and nothing else.
 */
export const Generation = z.looseObject(GENERATION_FIELDS).superRefine((record, context) => {
  for (const key of Object.keys(record)) {
    if (!(key in GENERATION_FIELDS) && !key.startsWith('generation_'))
      context.addIssue({ code: 'custom', path: [key], message: 'not a field of Generation' });
  }
});

/** `GenerationListData` (`GET /v1/content/list`, paginated). */
export const GenerationListData = z.strictObject({ generations: z.array(Generation) });

/** `HealthProvidersData` (`GET /v1/health/inference/providers`). */
export const HealthProvidersData = z.strictObject({
  service: z.literal('providers'),
  healthy: z.boolean(),
  providers: z.array(
    z.strictObject({
      provider: z.string(),
      status: z.enum(['healthy', 'recovering', 'degraded', 'unknown']),
      failure_rate: z.number().min(0).max(1),
      window: z.strictObject({
        total_attempts: count,
        failures: count,
        successes: count,
        duration_seconds: count,
      }),
    }),
  ),
  providers_total: count,
});

/** `HealthModelsData` (`GET /v1/health/inference/models`). */
export const HealthModelsData = z.strictObject({
  service: z.literal('models'),
  healthy: z.boolean(),
  models: z.array(
    z.strictObject({
      model_identifier: z.string(),
      model_type: z.enum(['image', 'video', 'unknown']),
      model_pricing: z.number().optional(),
      providers: z.record(
        z.string(),
        z.strictObject({ available: z.boolean(), raw_model_id: z.string().nullable() }),
      ),
    }),
  ),
  models_total: count,
});

/** `HealthStorageData` (`GET /v1/health/storage`). */
export const HealthStorageData = z.strictObject({
  service: z.literal('storage'),
  healthy: z.boolean(),
  latency_ms: z.number().nonnegative(),
  bucket: z.string(),
  error: z.string().optional(),
});

/** `HealthCacheData` (`GET /v1/health/cache`). */
export const HealthCacheData = z.strictObject({
  service: z.literal('redis'),
  healthy: z.boolean(),
  latency_ms: z.number().nonnegative(),
  error: z.string().optional(),
});

/** `LibraryProvidersData` (`GET /v1/library/providers`). */
export const LibraryProvidersData = z.strictObject({
  providers: z.array(
    z.strictObject({
      provider_id: z.string(),
      provider_name: z.string(),
      provider_description: z.string(),
      provider_website: z.string(),
      provider_docs: z.string(),
      provider_status: z.string(),
      babysea_implementation: z.strictObject({
        delivery_method: z.enum(['webhook_with_polling', 'synchronous', 'polling']),
        cancel_method: z.enum(['prediction_cancel_api', 'queue_cancel_api']).nullable(),
        webhook_verification: z.enum(['hmac_sha256', 'ed25519']).nullable(),
        error_mapping: z.literal('bse_error_codes'),
        cost_tracking: z.literal('per_generation_usd'),
        schema_conversion: z.literal('unified_to_native'),
        failover_strategy: z.literal('sequential_provider_chain'),
        health_monitoring: z.literal('circuit_breaker'),
        supported_media_types: z.array(z.enum(['image', 'video'])),
        supported_models_total: count,
      }),
    }),
  ),
  providers_total: count,
});

/** `LibraryModelsData` (`GET /v1/library/models`). */
export const LibraryModelsData = z.strictObject({
  models: z.array(
    z.strictObject({
      model_type: z.enum(['image', 'video']),
      model_identifier: z.string(),
      model_pricing: z.union([z.number(), z.record(z.string(), z.number())]).optional(),
      model_supported_provider: z.array(z.string()),
      schema: z.strictObject({
        generation_prompt: z.boolean(),
        generation_ratio: z.array(z.string()),
        generation_output_format: z.array(z.string()),
        generation_output_number: z.number().int(),
        generation_input_file: z.boolean(),
        generation_duration: z.array(z.number()).optional(),
        generation_resolution: z.array(z.string()).optional(),
        generation_generate_audio: z.boolean().optional(),
      }),
      specific_schema: z.array(z.string()),
    }),
  ),
  models_total: count,
});
