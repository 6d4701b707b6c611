/**
 * Generation records of the stand-in API, kept in memory per account (the demo has no real
 * inference). Image generations complete at once; video generations stay `processing` so that
 * cancelling one has something to do.
 */
import type { CatalogModel } from './catalog.js';
import { demoId } from './envelope.js';

/** What `/v1/generate/*` returns and `/v1/content/*` lists. */
export interface Generation {
  generation_id: string;
  account_id: string;
  apikey_id: string;
  type: 'image' | 'video';
  model_identifier: string;
  provider: string;
  status: 'processing' | 'succeeded' | 'cancelled';
  generation_prompt: string;
  output: { url: string; content_type: string }[];
  credits: number;
  created_at: string;
  completed_at: string | null;
}

/** The per-account store. */
export interface GenerationStore {
  create(input: {
    accountId: string;
    keyId: string;
    model: CatalogModel;
    prompt: string;
    now: number;
  }): Generation;
  list(accountId: string, limit: number): { generations: Generation[]; total: number };
  get(accountId: string, id: string): Generation | undefined;
  delete(accountId: string, id: string): boolean;
  cancel(accountId: string, id: string, now: number): Generation | 'not_found' | 'not_cancellable';
}

/** At most this many generations are kept per account; the oldest go first. */
export const MAX_GENERATIONS_PER_ACCOUNT = 500;

/** Builds an empty in-memory store. */
export function createGenerationStore(): GenerationStore {
  const byAccount = new Map<string, Generation[]>();
  const listOf = (accountId: string) => {
    let list = byAccount.get(accountId);
    if (!list) {
      list = [];
      byAccount.set(accountId, list);
    }
    return list;
  };

  return {
    create({ accountId, keyId, model, prompt, now }) {
      const id = demoId('gen');
      const at = new Date(now).toISOString();
      const isImage = model.type === 'image';
      const generation: Generation = {
        generation_id: id,
        account_id: accountId,
        apikey_id: keyId,
        type: model.type,
        model_identifier: model.model_identifier,
        provider: model.provider,
        status: isImage ? 'succeeded' : 'processing',
        generation_prompt: prompt,
        output: isImage
          ? [
              {
                url: `https://cdn.babysea.example/generations/${id}.png`,
                content_type: 'image/png',
              },
            ]
          : [],
        credits: model.credits_per_generation,
        created_at: at,
        completed_at: isImage ? at : null,
      };
      const list = listOf(accountId);
      list.unshift(generation);
      if (list.length > MAX_GENERATIONS_PER_ACCOUNT) list.length = MAX_GENERATIONS_PER_ACCOUNT;
      return generation;
    },
    list(accountId, limit) {
      const list = listOf(accountId);
      return { generations: list.slice(0, limit), total: list.length };
    },
    get(accountId, id) {
      return listOf(accountId).find((g) => g.generation_id === id);
    },
    delete(accountId, id) {
      const list = listOf(accountId);
      const index = list.findIndex((g) => g.generation_id === id);
      if (index < 0) return false;
      list.splice(index, 1);
      return true;
    },
    cancel(accountId, id, now) {
      const generation = listOf(accountId).find((g) => g.generation_id === id);
      if (!generation) return 'not_found';
      if (generation.status !== 'processing') return 'not_cancellable';
      generation.status = 'cancelled';
      generation.completed_at = new Date(now).toISOString();
      return generation;
    },
  };
}
