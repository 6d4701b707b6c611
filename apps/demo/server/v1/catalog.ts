/**
 * The stand-in's model library: a few models of each kind BabySea prices differently (image
 * models per generation; video models per second, per second and resolution, per second,
 * resolution and audio) and the providers behind them. `/v1/library/*` and
 * `/v1/health/inference/models` publish these in the shapes of BabySea's SDK (`Model`,
 * `ProviderProfile`); estimate and generate validate against each model's `schema`.
 */

/** BabySea's inference providers that serve the demo's models. */
export type ProviderId = 'bfl' | 'byteplus' | 'fal' | 'openai' | 'replicate';

/** A model's accepted inputs: BabySea's `ModelSchema`. */
export interface ModelSchema {
  generation_prompt: boolean;
  generation_ratio: string[];
  generation_output_format: string[];
  /** The most outputs one generation may ask for. */
  generation_output_number: number;
  generation_input_file: boolean;
  generation_duration?: number[];
  generation_resolution?: string[];
  generation_generate_audio?: boolean;
}

/**
 * Credits: per generation (image), per second (video), or per second keyed by resolution
 * (`"1080p"`) or resolution and audio (`"1080p_audio"`, `"1080p_noaudio"`).
 */
export type ModelPricing = number | Readonly<Record<string, number>>;

/** One model of the library, with what the demo needs to run it. */
export interface CatalogModel {
  model_identifier: string;
  model_type: 'image' | 'video';
  model_pricing: ModelPricing;
  /** The provider stack, in the default failover order. */
  model_supported_provider: readonly ProviderId[];
  schema: ModelSchema;
  /** Model-specific `generation_*` fields the model also accepts. */
  specific_schema: readonly string[];
  /** The resolution used when a request names none (resolution-priced video models). */
  default_resolution?: string;
  /** How long a generation of this model runs, on the demo's clock. */
  run_ms: number;
}

const IMAGE_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4'];
const IMAGE_FORMATS = ['png', 'jpg', 'webp'];

/** Every model the stand-in knows. */
export const MODELS: readonly CatalogModel[] = [
  {
    model_identifier: 'bfl/flux-schnell',
    model_type: 'image',
    model_pricing: 0.003,
    model_supported_provider: ['bfl', 'replicate', 'fal'],
    schema: {
      generation_prompt: true,
      generation_ratio: IMAGE_RATIOS,
      generation_output_format: IMAGE_FORMATS,
      generation_output_number: 4,
      generation_input_file: false,
    },
    specific_schema: ['generation_seed'],
    run_ms: 2_000,
  },
  {
    model_identifier: 'bfl/flux-1.1-pro',
    model_type: 'image',
    model_pricing: 0.04,
    model_supported_provider: ['bfl', 'replicate', 'fal'],
    schema: {
      generation_prompt: true,
      generation_ratio: IMAGE_RATIOS,
      generation_output_format: IMAGE_FORMATS,
      generation_output_number: 1,
      generation_input_file: true,
    },
    specific_schema: ['generation_seed', 'generation_safety_tolerance'],
    run_ms: 4_500,
  },
  {
    model_identifier: 'google/imagen-4',
    model_type: 'image',
    model_pricing: 0.04,
    model_supported_provider: ['replicate', 'fal'],
    schema: {
      generation_prompt: true,
      generation_ratio: IMAGE_RATIOS,
      generation_output_format: ['png', 'jpg'],
      generation_output_number: 1,
      generation_input_file: false,
    },
    specific_schema: [],
    run_ms: 5_000,
  },
  {
    model_identifier: 'openai/gpt-image-1',
    model_type: 'image',
    model_pricing: 0.05,
    model_supported_provider: ['openai', 'replicate', 'fal'],
    schema: {
      generation_prompt: true,
      generation_ratio: ['1:1', '3:2', '2:3'],
      generation_output_format: IMAGE_FORMATS,
      generation_output_number: 4,
      generation_input_file: true,
    },
    specific_schema: ['generation_quality'],
    run_ms: 6_000,
  },
  {
    model_identifier: 'google/veo-2',
    model_type: 'video',
    model_pricing: 0.5,
    model_supported_provider: ['replicate', 'fal'],
    schema: {
      generation_prompt: true,
      generation_ratio: ['16:9', '9:16'],
      generation_output_format: ['mp4'],
      generation_output_number: 1,
      generation_input_file: true,
      generation_duration: [5, 6, 7, 8],
    },
    specific_schema: [],
    run_ms: 30_000,
  },
  {
    model_identifier: 'bytedance/seedance-1-pro',
    model_type: 'video',
    model_pricing: { '480p': 0.03, '720p': 0.06, '1080p': 0.15 },
    model_supported_provider: ['byteplus', 'replicate', 'fal'],
    schema: {
      generation_prompt: true,
      generation_ratio: ['16:9', '9:16', '1:1'],
      generation_output_format: ['mp4'],
      generation_output_number: 1,
      generation_input_file: true,
      generation_duration: [5, 10],
      generation_resolution: ['480p', '720p', '1080p'],
    },
    specific_schema: ['generation_seed'],
    default_resolution: '1080p',
    run_ms: 40_000,
  },
  {
    model_identifier: 'bytedance/seedance-1.5-pro',
    model_type: 'video',
    model_pricing: {
      '720p_audio': 0.1,
      '720p_noaudio': 0.05,
      '1080p_audio': 0.2,
      '1080p_noaudio': 0.1,
    },
    model_supported_provider: ['byteplus', 'replicate', 'fal'],
    schema: {
      generation_prompt: true,
      generation_ratio: ['16:9', '9:16', '1:1'],
      generation_output_format: ['mp4'],
      generation_output_number: 1,
      generation_input_file: true,
      generation_duration: [5, 10],
      generation_resolution: ['720p', '1080p'],
      generation_generate_audio: true,
    },
    specific_schema: ['generation_seed'],
    default_resolution: '720p',
    run_ms: 45_000,
  },
];

/** A provider as `/v1/library/providers` describes it (BabySea's `ProviderProfile`). */
export interface CatalogProvider {
  provider_id: ProviderId;
  provider_name: string;
  provider_description: string;
  provider_website: string;
  provider_docs: string;
  delivery_method: 'webhook_with_polling' | 'synchronous' | 'polling';
  cancel_method: 'prediction_cancel_api' | 'queue_cancel_api' | null;
  webhook_verification: 'hmac_sha256' | 'ed25519' | null;
}

/** The providers behind the models. */
export const PROVIDERS: readonly CatalogProvider[] = [
  {
    provider_id: 'bfl',
    provider_name: 'Black Forest Labs',
    provider_description: 'FLUX image models, served by their makers.',
    provider_website: 'https://bfl.ai',
    provider_docs: 'https://docs.bfl.ai',
    delivery_method: 'polling',
    cancel_method: null,
    webhook_verification: null,
  },
  {
    provider_id: 'byteplus',
    provider_name: 'BytePlus',
    provider_description: 'Seedance video models on ByteDance infrastructure.',
    provider_website: 'https://www.byteplus.com',
    provider_docs: 'https://docs.byteplus.com',
    delivery_method: 'polling',
    cancel_method: null,
    webhook_verification: null,
  },
  {
    provider_id: 'fal',
    provider_name: 'fal',
    provider_description: 'Serverless inference for image and video models.',
    provider_website: 'https://fal.ai',
    provider_docs: 'https://docs.fal.ai',
    delivery_method: 'webhook_with_polling',
    cancel_method: 'queue_cancel_api',
    webhook_verification: 'ed25519',
  },
  {
    provider_id: 'openai',
    provider_name: 'OpenAI',
    provider_description: 'GPT Image models.',
    provider_website: 'https://openai.com',
    provider_docs: 'https://platform.openai.com/docs',
    delivery_method: 'synchronous',
    cancel_method: null,
    webhook_verification: null,
  },
  {
    provider_id: 'replicate',
    provider_name: 'Replicate',
    provider_description: 'Hosted predictions for open and partner models.',
    provider_website: 'https://replicate.com',
    provider_docs: 'https://replicate.com/docs',
    delivery_method: 'webhook_with_polling',
    cancel_method: 'prediction_cancel_api',
    webhook_verification: 'hmac_sha256',
  },
];

/** The model with this identifier, or `undefined`. */
export function findModel(identifier: string): CatalogModel | undefined {
  return MODELS.find((model) => model.model_identifier === identifier);
}

/** The model as `/v1/library/models` lists it (BabySea's `Model`). */
export function libraryModel(model: CatalogModel) {
  return {
    model_type: model.model_type,
    model_identifier: model.model_identifier,
    model_pricing: model.model_pricing,
    model_supported_provider: [...model.model_supported_provider],
    schema: model.schema,
    specific_schema: [...model.specific_schema],
  };
}

/** The provider as `/v1/library/providers` lists it (BabySea's `ProviderProfile`). */
export function libraryProvider(provider: CatalogProvider) {
  const served = MODELS.filter((m) => m.model_supported_provider.includes(provider.provider_id));
  return {
    provider_id: provider.provider_id,
    provider_name: provider.provider_name,
    provider_description: provider.provider_description,
    provider_website: provider.provider_website,
    provider_docs: provider.provider_docs,
    provider_status: 'active',
    babysea_implementation: {
      delivery_method: provider.delivery_method,
      cancel_method: provider.cancel_method,
      webhook_verification: provider.webhook_verification,
      error_mapping: 'bse_error_codes' as const,
      cost_tracking: 'per_generation_usd' as const,
      schema_conversion: 'unified_to_native' as const,
      failover_strategy: 'sequential_provider_chain' as const,
      health_monitoring: 'circuit_breaker' as const,
      supported_media_types: [...new Set(served.map((m) => m.model_type))].sort(),
      supported_models_total: served.length,
    },
  };
}
