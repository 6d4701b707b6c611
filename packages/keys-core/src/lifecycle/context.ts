import { KeysError } from '../errors/keys-error.js';
import type { Policy } from '../policy/index.js';
import { redactSecrets } from '../secret/redact.js';
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

/** `NOT_FOUND` for a key id, redacted in case a secret was pasted where the id goes. */
export function notFound(engine: EngineContext, keyId: string): KeysError {
  return new KeysError(
    'NOT_FOUND',
    `No API key ${redactSecrets(keyId, engine.prefix)} in this account.`,
  );
}

/** One key of the account, or `NOT_FOUND` (a key of another account is not found either). */
export async function readKey(
  engine: EngineContext,
  accountId: string,
  keyId: string,
): Promise<StoredKey> {
  const key = await callStorage('reading the key', () => engine.storage.findKey(accountId, keyId));
  if (key === null) throw notFound(engine, keyId);
  return key;
}
