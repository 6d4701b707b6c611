import type { ApiKey } from '@babysea/keys-core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  CreateApiKeyInput,
  CreatedApiKey,
  KeysClient,
  PresetsInfo,
  RotatedApiKey,
} from './keys-client.js';

/** Where the list stands: `loading` (first load or retry), `error`, or `success`. */
export type ApiKeysStatus = 'loading' | 'error' | 'success';

/** What `useApiKeys` returns. */
export interface UseApiKeysResult {
  status: ApiKeysStatus;
  /** The account's keys, newest first; empty until loaded. */
  keys: ApiKey[];
  /** Why the last load failed (a `KeysError` from the client), else `null`. */
  error: unknown;
  /** The presets and limits from the server; `null` until loaded or if that call failed. */
  presets: PresetsInfo | null;
  /** Reloads the list (and the presets if they failed). */
  refresh: () => Promise<void>;
  /** Creates a key and puts it first in the list. Resolves with the secret, shown once. */
  create: (input: CreateApiKeyInput) => Promise<CreatedApiKey>;
  /** Rotates a key: the old row becomes `Rotated` and the replacement is added first. */
  rotate: (keyId: string, graceHours?: number) => Promise<RotatedApiKey>;
  /** Revokes a key and updates its row. */
  revoke: (keyId: string) => Promise<ApiKey>;
  /** Deletes a key and removes its row. */
  remove: (keyId: string) => Promise<void>;
}

/**
 * Loads an account's keys through a `KeysClient` and keeps the list in step with the
 * mutations made through it. Mutations reject with the client's `KeysError` (the dialogs show
 * it); the list only changes when the server said yes.
 *
 * @example
 * ```tsx
 * const { status, keys, create } = useApiKeys(client);
 * ```
 */
export function useApiKeys(client: KeysClient): UseApiKeysResult {
  const [status, setStatus] = useState<ApiKeysStatus>('loading');
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [presets, setPresets] = useState<PresetsInfo | null>(null);
  // Answers of an older load (or for an older client) must not overwrite a newer one.
  const generation = useRef(0);

  const load = useCallback(async () => {
    const current = ++generation.current;
    setStatus('loading');
    setError(null);
    const [list, info] = await Promise.allSettled([client.list(), client.presets()]);
    if (current !== generation.current) return;
    if (info.status === 'fulfilled') setPresets(info.value);
    if (list.status === 'fulfilled') {
      setKeys(list.value);
      setStatus('success');
    } else {
      setError(list.reason);
      setStatus('error');
    }
  }, [client]);

  useEffect(() => {
    void load();
    return () => {
      generation.current++;
    };
  }, [load]);

  const create = useCallback(
    async (input: CreateApiKeyInput) => {
      const created = await client.create(input);
      setKeys((list) => [created.key, ...list.filter((k) => k.id !== created.key.id)]);
      return created;
    },
    [client],
  );

  const rotate = useCallback(
    async (keyId: string, graceHours?: number) => {
      const rotated = await client.rotate(
        keyId,
        graceHours === undefined ? undefined : { graceHours },
      );
      setKeys((list) => [
        rotated.key,
        ...list
          .filter((k) => k.id !== rotated.key.id)
          .map((k) => (k.id === rotated.previous.id ? rotated.previous : k)),
      ]);
      return rotated;
    },
    [client],
  );

  const revoke = useCallback(
    async (keyId: string) => {
      const revoked = await client.revoke(keyId);
      setKeys((list) => list.map((k) => (k.id === revoked.id ? revoked : k)));
      return revoked;
    },
    [client],
  );

  const remove = useCallback(
    async (keyId: string) => {
      await client.delete(keyId);
      setKeys((list) => list.filter((k) => k.id !== keyId));
    },
    [client],
  );

  return { status, keys, error, presets, refresh: load, create, rotate, revoke, remove };
}
