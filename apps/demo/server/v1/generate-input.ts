/**
 * The body of `POST /v1/generate/{image|video}/{model}` checked against the model's schema
 * (BabySea's `ImageGenerationParams` / `VideoGenerationParams`): every field BabySea names,
 * plus the model's own `specific_schema` fields; anything else is refused, so a typo never
 * silently falls back to a default.
 */
import type { CatalogModel, ProviderId } from './catalog.js';
import { type Checked, refuse } from './checked.js';
import { V1_ERRORS } from './errors.js';
import type { GenerationInput } from './generations.js';
import { type Quote, quote } from './pricing.js';

const COMMON_FIELDS = new Set([
  'generation_prompt',
  'generation_ratio',
  'generation_output_format',
  'generation_output_number',
  'generation_input_file',
  'generation_provider_order',
]);
const VIDEO_FIELDS = new Set([
  'generation_duration',
  'generation_resolution',
  'generation_generate_audio',
  'generation_input_file_last_content',
]);

/** At most this many input files per generation. */
export const MAX_INPUT_FILES = 10;

const { INVALID_INPUT, OUT_OF_RANGE } = V1_ERRORS;

const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

function oneOf(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly string[],
): Checked<string> {
  const value = body[field];
  if (value === undefined) return { ok: true, value: allowed[0] as string };
  if (typeof value !== 'string') return refuse(INVALID_INPUT, field, 'expected a string');
  if (!allowed.includes(value))
    return refuse(OUT_OF_RANGE, field, `${value} is not one of ${allowed.join(', ')}`);
  return { ok: true, value };
}

function providerOrder(model: CatalogModel, value: unknown): Checked<ProviderId[]> {
  const stack = model.model_supported_provider;
  if (value === undefined || value === 'fastest') return { ok: true, value: [...stack] };
  const field = 'generation_provider_order';
  if (typeof value !== 'string')
    return refuse(INVALID_INPUT, field, "expected 'fastest' or a comma-separated provider list");
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !stack.includes(name as ProviderId));
  if (unknown !== undefined)
    return refuse(
      INVALID_INPUT,
      field,
      `"${unknown}" does not serve this model (${stack.join(', ')})`,
    );
  if (new Set(names).size !== names.length)
    return refuse(INVALID_INPUT, field, 'names a provider twice');
  return { ok: true, value: names as ProviderId[] };
}

function inputFiles(model: CatalogModel, body: Record<string, unknown>): Checked<string[] | null> {
  const field = 'generation_input_file';
  const files = body[field];
  const last = body.generation_input_file_last_content;
  if (files === undefined && last === undefined) return { ok: true, value: null };
  if (!model.schema.generation_input_file)
    return refuse(INVALID_INPUT, field, 'this model takes no input file');
  const list = files === undefined ? [] : files;
  if (!Array.isArray(list) || !list.every(isHttpUrl))
    return refuse(INVALID_INPUT, field, 'expected an array of http(s) URLs');
  if (last !== undefined && !isHttpUrl(last))
    return refuse(INVALID_INPUT, 'generation_input_file_last_content', 'expected an http(s) URL');
  const all = last === undefined ? list : [...list, last];
  if (all.length > MAX_INPUT_FILES)
    return refuse(OUT_OF_RANGE, field, `at most ${MAX_INPUT_FILES} files`);
  return { ok: true, value: all };
}

/** Checks `body` for a generation of `model`; the stored input and its price. */
export function checkGenerateBody(
  model: CatalogModel,
  body: unknown,
): Checked<{ input: GenerationInput; quote: Quote }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return refuse(INVALID_INPUT, 'body', 'expected a JSON object');
  const fields = body as Record<string, unknown>;
  const isVideo = model.model_type === 'video';
  const specific: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (model.specific_schema.includes(field)) specific[field] = value;
    else if (!COMMON_FIELDS.has(field) && !(isVideo && VIDEO_FIELDS.has(field)))
      return refuse(INVALID_INPUT, field, `not a field of ${model.model_identifier}`);
  }

  const prompt = fields.generation_prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '')
    return refuse(INVALID_INPUT, 'generation_prompt', 'required, a non-empty string');

  const ratio = oneOf(fields, 'generation_ratio', model.schema.generation_ratio);
  if (!ratio.ok) return ratio;
  const format = oneOf(fields, 'generation_output_format', model.schema.generation_output_format);
  if (!format.ok) return format;

  const max = model.schema.generation_output_number;
  const count = fields.generation_output_number ?? 1;
  if (!Number.isInteger(count))
    return refuse(INVALID_INPUT, 'generation_output_number', 'expected a whole number');
  if ((count as number) < 1 || (count as number) > max)
    return refuse(OUT_OF_RANGE, 'generation_output_number', `from 1 to ${max} for this model`);

  const files = inputFiles(model, fields);
  if (!files.ok) return files;
  const order = providerOrder(model, fields.generation_provider_order);
  if (!order.ok) return order;

  let priced: Checked<Quote>;
  if (isVideo) {
    const { generation_duration: duration, generation_resolution: resolution } = fields;
    const audio = fields.generation_generate_audio;
    if (typeof duration !== 'number')
      return refuse(INVALID_INPUT, 'generation_duration', 'required for a video model, in seconds');
    if (resolution !== undefined && typeof resolution !== 'string')
      return refuse(INVALID_INPUT, 'generation_resolution', 'expected a string such as "1080p"');
    if (audio !== undefined && typeof audio !== 'boolean')
      return refuse(INVALID_INPUT, 'generation_generate_audio', 'expected true or false');
    priced = quote(model, { duration, resolution, audio });
    // quote() names its options as estimate's query does; the body names them generation_*.
    if (!priced.ok) return { ...priced, ...renamed(priced.field, priced.message) };
  } else {
    priced = quote(model, {});
    if (!priced.ok) return priced;
  }
  const { duration, resolution, audio } = priced.value;
  return {
    ok: true,
    value: {
      quote: priced.value,
      input: {
        prompt,
        ratio: ratio.value,
        outputFormat: format.value,
        outputNumber: count as number,
        inputFile: files.value,
        providerOrder: order.value,
        ...(duration === undefined ? {} : { duration }),
        ...(resolution === undefined ? {} : { resolution }),
        ...(audio === undefined ? {} : { audio }),
        specific,
      },
    },
  };
}

const BODY_NAMES: Record<string, string> = {
  duration: 'generation_duration',
  resolution: 'generation_resolution',
  audio: 'generation_generate_audio',
};

function renamed(field: string, message: string) {
  const name = BODY_NAMES[field] ?? field;
  return { field: name, message: `${name}${message.slice(field.length)}` };
}
