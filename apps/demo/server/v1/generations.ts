/**
 * Generation records of the stand-in API, kept in memory per account (the demo has no real
 * inference). A generation moves through BabySea's statuses on the demo's clock: `pending`
 * while it waits for a provider, `processing` for as long as its model runs (seconds for an
 * image, tens of seconds for a video), then `succeeded`; or `canceled` if it is canceled before
 * that. The status is computed from the clock when read, so a test that moves the clock sees
 * the generation finish, and `waitForGeneration` ends.
 */
import type { CatalogModel, ProviderId } from './catalog.js';
import { demoId } from './envelope.js';

/** How long a generation waits for a provider before it runs, by model type. */
export const QUEUE_MS = { image: 500, video: 2_000 } as const;

/** At most this many generations are kept per account; the oldest go first. */
export const MAX_GENERATIONS_PER_ACCOUNT = 500;

/** BabySea's generation statuses. */
export type GenerationStatus = 'pending' | 'processing' | 'succeeded' | 'failed' | 'canceled';

/** The validated request of a generation (see generate-input.ts). */
export interface GenerationInput {
  prompt: string;
  ratio: string;
  outputFormat: string;
  outputNumber: number;
  inputFile: string[] | null;
  providerOrder: ProviderId[];
  duration?: number;
  resolution?: string;
  audio?: boolean;
  /** The model-specific `generation_*` fields, echoed in the record. */
  specific: Record<string, unknown>;
}

/** A stored generation. Times are epoch milliseconds on the demo's clock. */
export interface GenerationRecord {
  id: string;
  accountId: string;
  keyId: string;
  model: CatalogModel;
  input: GenerationInput;
  /** Credits charged at creation (refunded on cancel). */
  cost: number;
  predictionId: string;
  createdAt: number;
  startedAt: number;
  completedAt: number;
  canceledAt: number | null;
}

/** The status of `record` at `now`. */
export function statusAt(record: GenerationRecord, now: number): GenerationStatus {
  if (record.canceledAt !== null) return 'canceled';
  if (now < record.startedAt) return 'pending';
  if (now < record.completedAt) return 'processing';
  return 'succeeded';
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => Math.round(ms) / 1000;

/** The record as `GET /v1/content/{id}` answers it: BabySea's `Generation`, at `now`. */
export function generationView(record: GenerationRecord, now: number) {
  const status = statusAt(record, now);
  const { input } = record;
  const done = status === 'succeeded';
  // A generation canceled while pending never reached a provider.
  const started =
    status === 'processing' ||
    done ||
    (status === 'canceled' && (record.canceledAt as number) >= record.startedAt);
  return {
    account_id: record.accountId,
    generation_id: record.id,
    model_identifier: record.model.model_identifier,
    generation_provider_order: [...input.providerOrder],
    // BabySea names the provider that served a generation once it has finished.
    generation_provider_used:
      started && status !== 'processing' ? (input.providerOrder[0] as string) : null,
    generation_prediction_id: started ? record.predictionId : null,
    generation_status: status,
    generation_prompt: input.prompt,
    generation_ratio: input.ratio,
    generation_output_format: input.outputFormat,
    generation_output_number: input.outputNumber,
    generation_input_file: input.inputFile,
    ...input.specific,
    ...(input.duration === undefined ? {} : { generation_duration: input.duration }),
    ...(input.resolution === undefined ? {} : { generation_resolution: input.resolution }),
    ...(input.audio === undefined
      ? {}
      : {
          generation_generate_audio: input.audio,
          generation_audio_mode: input.audio ? ('audio' as const) : ('noaudio' as const),
        }),
    generation_output_file: done
      ? Array.from(
          { length: input.outputNumber },
          (_, i) => `https://cdn.babysea.example/demo/${record.id}/${i}.${input.outputFormat}`,
        )
      : null,
    generation_created_at: iso(record.createdAt),
    generation_started_at: started ? iso(record.startedAt) : null,
    generation_completed_at: done
      ? iso(record.completedAt)
      : status === 'canceled'
        ? iso(record.canceledAt as number)
        : null,
    generation_metrics_total_time: done ? seconds(record.completedAt - record.createdAt) : null,
    generation_metrics_predict_time: done ? seconds(record.completedAt - record.startedAt) : null,
  };
}

/** The outcome of a cancel. */
export type CancelResult =
  | { ok: true; record: GenerationRecord; providerCancelSent: boolean }
  | { ok: false; reason: 'not_found' | 'finished' };

/** The per-account store. */
export interface GenerationStore {
  create(input: {
    accountId: string;
    keyId: string;
    model: CatalogModel;
    input: GenerationInput;
    cost: number;
    now: number;
  }): GenerationRecord;
  /** Newest first, `limit` records from `offset`, and how many the account has. */
  list(
    accountId: string,
    page: { limit: number; offset: number },
  ): { records: GenerationRecord[]; total: number };
  get(accountId: string, id: string): GenerationRecord | undefined;
  /** Removes the generation; the removed record, or `undefined` if there was none. */
  delete(accountId: string, id: string): GenerationRecord | undefined;
  /** Cancels a `pending` or `processing` generation. */
  cancel(accountId: string, id: string, now: number): CancelResult;
}

/** Builds an empty in-memory store. */
export function createGenerationStore(): GenerationStore {
  const byAccount = new Map<string, GenerationRecord[]>();
  const listOf = (accountId: string) => {
    let list = byAccount.get(accountId);
    if (!list) {
      list = [];
      byAccount.set(accountId, list);
    }
    return list;
  };

  return {
    create({ accountId, keyId, model, input, cost, now }) {
      const startedAt = now + QUEUE_MS[model.model_type];
      const record: GenerationRecord = {
        id: crypto.randomUUID(),
        accountId,
        keyId,
        model,
        input,
        cost,
        predictionId: demoId('pred'),
        createdAt: now,
        startedAt,
        completedAt: startedAt + model.run_ms,
        canceledAt: null,
      };
      const list = listOf(accountId);
      list.unshift(record);
      if (list.length > MAX_GENERATIONS_PER_ACCOUNT) list.length = MAX_GENERATIONS_PER_ACCOUNT;
      return record;
    },
    list(accountId, { limit, offset }) {
      const list = listOf(accountId);
      return { records: list.slice(offset, offset + limit), total: list.length };
    },
    get(accountId, id) {
      return listOf(accountId).find((g) => g.id === id);
    },
    delete(accountId, id) {
      const list = listOf(accountId);
      const index = list.findIndex((g) => g.id === id);
      return index < 0 ? undefined : list.splice(index, 1)[0];
    },
    cancel(accountId, id, now) {
      const record = listOf(accountId).find((g) => g.id === id);
      if (!record) return { ok: false, reason: 'not_found' };
      const status = statusAt(record, now);
      if (status !== 'pending' && status !== 'processing') return { ok: false, reason: 'finished' };
      record.canceledAt = now;
      // A pending generation has not reached a provider: there is nothing to tell it.
      return { ok: true, record, providerCancelSent: status === 'processing' };
    },
  };
}
