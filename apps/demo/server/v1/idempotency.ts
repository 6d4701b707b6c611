/**
 * `Idempotency-Key` on generate, as BabySea documents it: the same key with the same request
 * within 24 hours replays the first answer (with `Idempotency-Replayed: true`, which the SDK
 * turns into `idempotency_replayed`); the same key with another request is refused (BSE2015);
 * while the first request with a key is still being handled, the key is busy (BSE2016). Keys
 * belong to an account: two accounts may use the same key. A refused request does not keep its
 * key, so that a caller can fix the request and send it again with the same key.
 */
import { createHash } from 'node:crypto';
import type { SuccessEnvelope } from './envelope.js';

/** How long a key replays its answer: 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** At most this many keys are remembered per account; the oldest go first. */
export const MAX_IDEMPOTENCY_KEYS_PER_ACCOUNT = 10_000;

/** BabySea's format: 1 to 255 of `A-Z a-z 0-9 _ - : .` */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,255}$/;

/** The first answer given under a key. */
export interface StoredAnswer {
  status: number;
  body: SuccessEnvelope<{ generation_id: string }>;
}

/** What {@link IdempotencyStore.begin} found. */
export type Reservation =
  | {
      kind: 'new';
      /** Remembers the answer for the request with this fingerprint. */
      finish(fingerprint: string, answer: StoredAnswer): void;
      /** Forgets the key (the request was refused). */
      abandon(): void;
    }
  | { kind: 'in_progress' }
  | {
      kind: 'done';
      fingerprint: string;
      answer: StoredAnswer;
    };

/** Per-account idempotency keys. */
export interface IdempotencyStore {
  /** Reserves `key` for a new request, or says what an earlier one left. */
  begin(accountId: string, key: string, now: number): Reservation;
}

type Entry =
  | { state: 'in_progress'; at: number }
  | { state: 'done'; at: number; fingerprint: string; answer: StoredAnswer };

/** What identifies "the same request": the route (method, path with model) and the raw body. */
export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(body).digest('hex');
}

/** Builds an empty store. */
export function createIdempotencyStore(): IdempotencyStore {
  const byAccount = new Map<string, Map<string, Entry>>();
  return {
    begin(accountId, key, now) {
      let entries = byAccount.get(accountId);
      if (!entries) {
        entries = new Map();
        byAccount.set(accountId, entries);
      }
      // Entries are in insertion order, so the expired ones are at the front.
      for (const [k, entry] of entries) {
        if (entry.state === 'in_progress' || now - entry.at < IDEMPOTENCY_TTL_MS) break;
        entries.delete(k);
      }
      const found = entries.get(key);
      if (found && (found.state === 'in_progress' || now - found.at < IDEMPOTENCY_TTL_MS)) {
        return found.state === 'in_progress'
          ? { kind: 'in_progress' }
          : { kind: 'done', fingerprint: found.fingerprint, answer: found.answer };
      }
      const list = entries;
      list.delete(key);
      list.set(key, { state: 'in_progress', at: now });
      if (list.size > MAX_IDEMPOTENCY_KEYS_PER_ACCOUNT) {
        const oldest = list.keys().next().value as string;
        list.delete(oldest);
      }
      let settled = false;
      return {
        kind: 'new',
        finish(fingerprint, answer) {
          if (settled) return;
          settled = true;
          list.set(key, { state: 'done', at: now, fingerprint, answer });
        },
        abandon() {
          if (settled) return;
          settled = true;
          list.delete(key);
        },
      };
    },
  };
}
