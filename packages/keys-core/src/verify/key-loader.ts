/**
 * Step 2's storage read on a cache miss: `findKeyByHash`, shared by concurrent misses on one
 * hash (a cold start under load is one query per key, not one per request). The entry is
 * removed when the read settles. A deadline on this read belongs here.
 */
import type { StorageAdapter } from '../storage/adapter.js';
import type { StoredKey } from '../types.js';

export interface KeyLoader {
  /** The stored key of `hash`, or `null`; rejects when storage fails. */
  load(hash: string): Promise<StoredKey | null>;
  /** Forgets a read in flight (after an invalidation), so the next miss reads again. */
  forget(hash: string): void;
}

export function createKeyLoader(storage: Pick<StorageAdapter, 'findKeyByHash'>): KeyLoader {
  const loads = new Map<string, Promise<StoredKey | null>>();
  return {
    load(hash) {
      let pending = loads.get(hash);
      if (pending === undefined) {
        pending = Promise.resolve()
          .then(() => storage.findKeyByHash(hash))
          .finally(() => {
            if (loads.get(hash) === pending) loads.delete(hash);
          });
        loads.set(hash, pending);
      }
      return pending;
    },
    forget(hash) {
      loads.delete(hash);
    },
  };
}
