import { KeysError } from '../errors/keys-error.js';
import type { Policy } from '../policy/index.js';
import type { StorageAdapter } from '../storage/adapter.js';
import type { Clock, StoredKey } from '../types.js';
import { callStorage } from './storage-call.js';

/** What every operation of one engine shares. Internal. */
export interface EngineContext {
  storage: StorageAdapter;
  clock: Clock;
  policy: Policy;
  prefix: string;
  /** Drops a key from this process's verifier cache after this engine changed it. */
  invalidate(hash: string): void;
}

/** One key of the account, or `NOT_FOUND` (a key of another account is not found either). */
export async function readKey(
  engine: EngineContext,
  accountId: string,
  keyId: string,
): Promise<StoredKey> {
  const key = await callStorage('reading the key', () => engine.storage.findKey(accountId, keyId));
  if (key === null) throw new KeysError('NOT_FOUND', `No API key ${keyId} in this account.`);
  return key;
}
