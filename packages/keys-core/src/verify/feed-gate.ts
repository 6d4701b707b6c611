/**
 * The feed gate: how long a verified key may be cached, decided by the change feed. The
 * default TTL (30 s) trusts the storage's feed (`subscribe`) to drop a key revoked anywhere,
 * so it waits for it: the TTL is 0 (no caching) until `subscribe` resolves, and stays 0 for
 * good if it rejects (reported to `onError`). A TTL the caller chose is their own staleness
 * bound and applies at once.
 */
import type { StorageAdapter } from '../storage/adapter.js';
import type { KeyChange } from '../types.js';

export interface FeedGate {
  /** The TTL to give an entry cached now. */
  ttlMs(): number;
  /** Unsubscribes from the feed (once; later calls resolve at once). */
  close(): Promise<void>;
}

export interface FeedGateOptions {
  storage: Pick<StorageAdapter, 'subscribe'>;
  /** The TTL once the feed is live (or at once when `explicit`). */
  ttlMs: number;
  /** True when the caller set the TTL (not gated on the feed). */
  explicit: boolean;
  /** Called for every change the feed reports. */
  onChange(change: KeyChange): void;
  /** Called once when the feed goes live, before its TTL applies. */
  onLive(): void;
  onError(error: unknown): void;
}

export function createFeedGate(options: FeedGateOptions): FeedGate {
  const { storage, ttlMs, onChange, onLive, onError } = options;
  let effective = options.explicit ? ttlMs : 0;
  let closed = false;
  let unsubscribe: (() => unknown) | null = null;
  if (storage.subscribe) {
    Promise.resolve()
      .then(() => storage.subscribe?.(onChange))
      .then((stop) => {
        if (closed) return typeof stop === 'function' ? stop() : undefined;
        onLive();
        effective = ttlMs;
        if (typeof stop === 'function') unsubscribe = stop;
      })
      .catch(onError);
  }
  return {
    ttlMs: () => effective,
    async close() {
      if (closed) return;
      closed = true;
      const stop = unsubscribe as (() => unknown) | null;
      unsubscribe = null;
      if (stop) {
        try {
          await stop();
        } catch (error) {
          onError(error);
        }
      }
    },
  };
}
