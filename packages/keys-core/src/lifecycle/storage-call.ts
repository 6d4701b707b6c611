import { isKeysError, KeysError } from '../errors/keys-error.js';
import type { Awaitable } from '../types.js';

/**
 * Runs one storage call and turns whatever the driver throws into `STORAGE_UNAVAILABLE`,
 * keeping the original as `cause` for the operator. The message names only the operation:
 * driver messages can quote parameters, and callers may show this one to a person.
 * A `KeysError` from the adapter (a duplicate refused with `CONFLICT`) passes through.
 */
export async function callStorage<T>(operation: string, run: () => Awaitable<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isKeysError(error)) throw error;
    throw new KeysError(
      'STORAGE_UNAVAILABLE',
      `Key storage is unavailable (${operation}); try again.`,
      { cause: error },
    );
  }
}
