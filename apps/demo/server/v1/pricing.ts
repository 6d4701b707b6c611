/**
 * What a generation costs, as `/v1/estimate/{model}` quotes it and `/v1/generate/*` charges it:
 * image models per generation; video models per second, at the requested resolution and with
 * or without audio where the model is priced that way.
 */
import type { CatalogModel } from './catalog.js';
import { type Checked, refuse } from './checked.js';
import { V1_ERRORS } from './errors.js';

/** The options of a quote, already parsed into numbers and booleans. */
export interface QuoteInput {
  duration?: number;
  resolution?: string;
  audio?: boolean;
}

/** A priced request for one generation of `model`. */
export interface Quote {
  model: CatalogModel;
  /** Video models only. */
  duration?: number;
  /** Resolution-priced video models only. */
  resolution?: string;
  /** Audio-priced video models only. */
  audio?: boolean;
  /** Video models only: the rate for the chosen resolution and audio. */
  costPerSecond?: number;
  costPerGeneration: number;
}

/** Credits rounded to a millionth, so that 0.1 + 0.2 reads 0.3 in every answer. */
export function credits(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

const list = (values: readonly (string | number)[]) => values.join(', ');

/**
 * Prices one generation. Options the model does not take are refused (400), values outside
 * its schema too (422); a video model's duration defaults to its shortest, its resolution to
 * the model's default, audio to off.
 */
export function quote(model: CatalogModel, input: QuoteInput): Checked<Quote> {
  const { INVALID_INPUT, OUT_OF_RANGE } = V1_ERRORS;
  const { schema } = model;
  if (model.model_type === 'image') {
    for (const field of ['duration', 'resolution', 'audio'] as const) {
      if (input[field] !== undefined)
        return refuse(INVALID_INPUT, field, `applies to video models only, not to an image model`);
    }
    return { ok: true, value: { model, costPerGeneration: model.model_pricing as number } };
  }

  const durations = schema.generation_duration ?? [];
  const duration = input.duration ?? durations[0] ?? 0;
  if (!durations.includes(duration))
    return refuse(OUT_OF_RANGE, 'duration', `${duration} is not one of ${list(durations)} seconds`);

  const resolutions = schema.generation_resolution;
  if (!resolutions && input.resolution !== undefined)
    return refuse(INVALID_INPUT, 'resolution', 'this model has one resolution');
  const resolution = resolutions ? (input.resolution ?? model.default_resolution) : undefined;
  if (resolutions && (resolution === undefined || !resolutions.includes(resolution)))
    return refuse(OUT_OF_RANGE, 'resolution', `${resolution} is not one of ${list(resolutions)}`);

  if (!schema.generation_generate_audio && input.audio !== undefined)
    return refuse(INVALID_INPUT, 'audio', 'this model does not generate audio');
  const audio = schema.generation_generate_audio ? (input.audio ?? false) : undefined;

  const pricing = model.model_pricing;
  const tier = audio === undefined ? resolution : `${resolution}_${audio ? 'audio' : 'noaudio'}`;
  const costPerSecond = typeof pricing === 'number' ? pricing : pricing[tier ?? ''];
  // The catalogue is ours: a model with a resolution or audio option missing from its pricing
  // is a bug in catalog.ts, not a caller's mistake.
  if (costPerSecond === undefined) throw new Error(`${model.model_identifier}: no price ${tier}`);
  return {
    ok: true,
    value: {
      model,
      duration,
      ...(resolution === undefined ? {} : { resolution }),
      ...(audio === undefined ? {} : { audio }),
      costPerSecond,
      costPerGeneration: credits(costPerSecond * duration),
    },
  };
}
