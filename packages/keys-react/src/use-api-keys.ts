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
  /** Reloads the list and the presets, showing `loading` (the error state's `Retry`). */
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

/** Options of `useApiKeys`. */
export interface UseApiKeysOptions {
  /**
   * Reloads the list when the window regains focus or the page becomes visible again, so that
   * `Last used` and changes made elsewhere show without a manual reload. Such a refresh is
   * quiet: no `loading` state, and if it fails the list stays as it was. @default true
   */
  refreshOnFocus?: boolean;
  /** The least time between two loads that focus or visibility start, in ms. @default 5000 */
  refreshThrottleMs?: number;
}

/**
 * Loads an account's keys through a `KeysClient` and keeps the list in step with the
 * mutations made through it. Mutations reject with the client's `KeysError` (the dialogs show
 * it); the list only changes when the server said yes. The list is reloaded (quietly, at most
 * once per 5 s) when the window regains focus or the page becomes visible again.
 *
 * @example
 * ```tsx
 * const { status, keys, create } = useApiKeys(client);
 * ```
 */
export function useApiKeys(client: KeysClient, options: UseApiKeysOptions = {}): UseApiKeysResult {
  const [status, setStatus] = useState<ApiKeysStatus>('loading');
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [presets, setPresets] = useState<PresetsInfo | null>(null);
  // Answers of an older load (or for an older client) must not overwrite a newer one.
  const generation = useRef(0);
  // When the last load started (epoch ms), for the focus throttle.
  const lastLoad = useRef(Number.NEGATIVE_INFINITY);
  // Bumped when a mutation starts and when it settles: a list loaded meanwhile may predate it.
  const mutations = useRef(0);
  // Whether this client's list / presets have loaded once (a quiet refresh keeps them on error).
  const loaded = useRef({ list: false, presets: false });

  const load = useCallback(
    async (quiet: boolean): Promise<void> => {
      const current = ++generation.current;
      const mutationsAtStart = mutations.current;
      lastLoad.current = Date.now();
      if (!quiet) {
        setStatus('loading');
        setError(null);
      }
      const [list, info] = await Promise.allSettled([
        client.list(),
        quiet && loaded.current.presets ? null : client.presets(),
      ]);
      if (current !== generation.current) return;
      if (info.status === 'fulfilled' && info.value) {
        loaded.current.presets = true;
        setPresets(info.value);
      }
      if (list.status === 'fulfilled') {
        // A create/rotate/revoke/delete ran while this list was read: it may not include it, and
        // would overwrite the row the mutation just set. Read again.
        if (mutations.current !== mutationsAtStart) return load(true);
        loaded.current.list = true;
        setKeys(list.value);
        setError(null);
        setStatus('success');
      } else if (!quiet || !loaded.current.list) {
        setError(list.reason);
        setStatus('error');
      }
    },
    [client],
  );

  useEffect(() => {
    loaded.current = { list: false, presets: false };
    void load(false);
    return () => {
      generation.current++;
    };
  }, [load]);

  const refreshOnFocus = options.refreshOnFocus ?? true;
  const throttleMs = options.refreshThrottleMs ?? 5000;
  useEffect(() => {
    if (!refreshOnFocus || typeof window === 'undefined') return;
    const onWake = () => {
      if (document.visibilityState === 'hidden') return;
      if (Date.now() - lastLoad.current < throttleMs) return;
      void load(true);
    };
    window.addEventListener('focus', onWake);
    document.addEventListener('visibilitychange', onWake);
    return () => {
      window.removeEventListener('focus', onWake);
      document.removeEventListener('visibilitychange', onWake);
    };
  }, [load, refreshOnFocus, throttleMs]);

  const refresh = useCallback(() => load(false), [load]);

  /** Runs a mutation, marking its start and end for the loads that overlap it. */
  const mutate = useCallback(async <T>(run: () => Promise<T>): Promise<T> => {
    mutations.current++;
    try {
      return await run();
    } finally {
      mutations.current++;
    }
  }, []);

  const create = useCallback(
    (input: CreateApiKeyInput) =>
      mutate(async () => {
        const created = await client.create(input);
        setKeys((list) => [created.key, ...list.filter((k) => k.id !== created.key.id)]);
        return created;
      }),
    [client, mutate],
  );

  const rotate = useCallback(
    (keyId: string, graceHours?: number) =>
      mutate(async () => {
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
      }),
    [client, mutate],
  );

  const revoke = useCallback(
    (keyId: string) =>
      mutate(async () => {
        const revoked = await client.revoke(keyId);
        setKeys((list) => list.map((k) => (k.id === revoked.id ? revoked : k)));
        return revoked;
      }),
    [client, mutate],
  );

  const remove = useCallback(
    (keyId: string) =>
      mutate(async () => {
        await client.delete(keyId);
        setKeys((list) => list.filter((k) => k.id !== keyId));
      }),
    [client, mutate],
  );

  return { status, keys, error, presets, refresh, create, rotate, revoke, remove };
}
