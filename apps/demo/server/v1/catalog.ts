/**
 * The stand-in's model library: a handful of plausible models and providers so that
 * `/v1/library/*`, `/v1/estimate/*` and `/v1/generate/*` answer something worth reading.
 */

/** One model of the library. */
export interface CatalogModel {
  model_identifier: string;
  provider: string;
  name: string;
  type: 'image' | 'video';
  credits_per_generation: number;
  average_latency_ms: number;
}

/** Every model the stand-in knows. */
export const MODELS: readonly CatalogModel[] = [
  {
    model_identifier: 'bfl/flux-schnell',
    provider: 'bfl',
    name: 'FLUX.1 [schnell]',
    type: 'image',
    credits_per_generation: 1,
    average_latency_ms: 1_800,
  },
  {
    model_identifier: 'bfl/flux-1.1-pro',
    provider: 'bfl',
    name: 'FLUX1.1 [pro]',
    type: 'image',
    credits_per_generation: 4,
    average_latency_ms: 4_500,
  },
  {
    model_identifier: 'google/imagen-4',
    provider: 'google',
    name: 'Imagen 4',
    type: 'image',
    credits_per_generation: 4,
    average_latency_ms: 5_200,
  },
  {
    model_identifier: 'openai/gpt-image-1',
    provider: 'openai',
    name: 'GPT Image 1',
    type: 'image',
    credits_per_generation: 5,
    average_latency_ms: 9_000,
  },
  {
    model_identifier: 'kling/kling-v2',
    provider: 'kling',
    name: 'Kling 2.0',
    type: 'video',
    credits_per_generation: 40,
    average_latency_ms: 95_000,
  },
  {
    model_identifier: 'google/veo-3',
    provider: 'google',
    name: 'Veo 3',
    type: 'video',
    credits_per_generation: 75,
    average_latency_ms: 120_000,
  },
];

/** The providers behind the models, with a health status for `/v1/health/inference/providers`. */
export const PROVIDERS = [
  { provider: 'bfl', name: 'Black Forest Labs' },
  { provider: 'google', name: 'Google' },
  { provider: 'openai', name: 'OpenAI' },
  { provider: 'kling', name: 'Kling AI' },
] as const;

/** The model with this identifier, or `undefined`. */
export function findModel(identifier: string): CatalogModel | undefined {
  return MODELS.find((model) => model.model_identifier === identifier);
}
