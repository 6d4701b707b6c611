import { KeysError } from '@babysea/keys-core';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryKeysClient } from './memory-client.js';
import { useApiKeys } from './use-api-keys.js';

describe('useApiKeys', () => {
  it('starts loading, then holds the keys and the presets', async () => {
    const client = createMemoryKeysClient({ seed: [{ name: 'a' }] });
    const { result } = renderHook(() => useApiKeys(client));
    expect(result.current.status).toBe('loading');
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.keys.map((k) => k.name)).toEqual(['a']);
    expect(result.current.presets?.defaultGraceHours).toBe(24);
  });

  it('reports a failed load and recovers on refresh', async () => {
    const client = createMemoryKeysClient();
    client.setFailure(new KeysError('STORAGE_UNAVAILABLE', 'down'), ['list']);
    const { result } = renderHook(() => useApiKeys(client));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    client.setFailure(null);
    await act(() => result.current.refresh());
    expect(result.current.status).toBe('success');
    expect(result.current.error).toBeNull();
  });

  it('puts a created key first and returns its secret', async () => {
    const client = createMemoryKeysClient({ seed: [{ name: 'old' }] });
    const { result } = renderHook(() => useApiKeys(client));
    await waitFor(() => expect(result.current.status).toBe('success'));
    let secret = '';
    await act(async () => {
      ({ secret } = await result.current.create({ name: 'new', preset: 'read-only' }));
    });
    expect(secret).toMatch(/^bye_/);
    expect(result.current.keys.map((k) => k.name)).toEqual(['new', 'old']);
  });

  it('marks the old key Rotated and adds the replacement on rotate', async () => {
    const client = createMemoryKeysClient({ seed: [{ name: 'k' }] });
    const { result } = renderHook(() => useApiKeys(client));
    await waitFor(() => expect(result.current.status).toBe('success'));
    const id = result.current.keys[0]!.id;
    await act(async () => {
      await result.current.rotate(id, 1);
    });
    expect(result.current.keys.map((k) => k.status)).toEqual(['Active', 'Rotated']);
    expect(result.current.keys[1]!.id).toBe(id);
  });

  it('updates a revoked row and removes a deleted one', async () => {
    const client = createMemoryKeysClient({ seed: [{ name: 'a' }, { name: 'b' }] });
    const { result } = renderHook(() => useApiKeys(client));
    await waitFor(() => expect(result.current.status).toBe('success'));
    const [first, second] = result.current.keys;
    await act(async () => {
      await result.current.revoke(first!.id);
      await result.current.remove(second!.id);
    });
    expect(result.current.keys).toHaveLength(1);
    expect(result.current.keys[0]).toMatchObject({ id: first!.id, status: 'Revoked' });
  });

  it('leaves the list alone when a mutation is refused', async () => {
    const client = createMemoryKeysClient({ seed: [{ name: 'a' }], role: 'member' });
    const { result } = renderHook(() => useApiKeys(client));
    await waitFor(() => expect(result.current.status).toBe('success'));
    await act(async () => {
      await expect(result.current.revoke(result.current.keys[0]!.id)).rejects.toMatchObject({
        code: 'ROLE_FORBIDDEN',
      });
    });
    expect(result.current.keys[0]!.status).toBe('Active');
  });

  describe('refresh when the page comes back', () => {
    const T0 = Date.UTC(2026, 10, 27, 12);
    const setVisibility = (state: DocumentVisibilityState) =>
      Object.defineProperty(document, 'visibilityState', { configurable: true, value: state });
    afterEach(() => {
      vi.useRealTimers();
      Reflect.deleteProperty(document, 'visibilityState'); // back to jsdom's own getter
    });

    async function loaded(seed = [{ name: 'a' }]) {
      // Only Date is faked: waitFor keeps its real timers.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
      const client = createMemoryKeysClient({ seed, clock: () => Date.now() });
      await client.ready;
      const list = vi.spyOn(client, 'list');
      const hook = renderHook(() => useApiKeys(client));
      await waitFor(() => expect(hook.result.current.status).toBe('success'));
      expect(list).toHaveBeenCalledTimes(1);
      return { client, list, ...hook };
    }

    it('reloads the list on window focus, so Last used moves without a reload', async () => {
      const { list, result } = await loaded();
      const [key] = result.current.keys;
      expect(key!.lastUsedAt).toBeNull();
      // The key is used elsewhere meanwhile (the server says so); the user comes back 6 s later.
      list.mockResolvedValueOnce([{ ...key!, lastUsedAt: T0 + 5_000 }]);
      vi.setSystemTime(T0 + 6_000);
      act(() => {
        window.dispatchEvent(new Event('focus'));
      });
      await waitFor(() => expect(result.current.keys[0]!.lastUsedAt).toBe(T0 + 5_000));
      expect(list).toHaveBeenCalledTimes(2);
      // Quiet: the list never went back to `loading`.
      expect(result.current.status).toBe('success');
    });

    it('reloads when the page becomes visible, not when it is hidden', async () => {
      const { list } = await loaded();
      vi.setSystemTime(T0 + 6_000);
      setVisibility('hidden');
      act(() => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      expect(list).toHaveBeenCalledTimes(1);
      setVisibility('visible');
      act(() => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    });

    it('reloads at most once per 5 s', async () => {
      const { list } = await loaded();
      vi.setSystemTime(T0 + 4_999); // 4.999 s after the first load
      act(() => {
        window.dispatchEvent(new Event('focus'));
        document.dispatchEvent(new Event('visibilitychange'));
      });
      expect(list).toHaveBeenCalledTimes(1);
      vi.setSystemTime(T0 + 5_000);
      act(() => {
        window.dispatchEvent(new Event('focus'));
        document.dispatchEvent(new Event('visibilitychange')); // the same return, twice
      });
      await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
      vi.setSystemTime(T0 + 9_000);
      act(() => {
        window.dispatchEvent(new Event('focus'));
      });
      expect(list).toHaveBeenCalledTimes(2);
    });

    it('keeps the list on screen when such a refresh fails', async () => {
      const { client, result } = await loaded();
      client.setFailure(new KeysError('STORAGE_UNAVAILABLE', 'down'), ['list']);
      vi.setSystemTime(T0 + 6_000);
      await act(async () => {
        window.dispatchEvent(new Event('focus'));
      });
      await waitFor(() => expect(client.list).toHaveBeenCalledTimes(2));
      expect(result.current.status).toBe('success');
      expect(result.current.keys.map((k) => k.name)).toEqual(['a']);
    });

    it('stops listening on unmount', async () => {
      const { list, unmount } = await loaded();
      const removed = vi.spyOn(window, 'removeEventListener');
      unmount();
      expect(removed).toHaveBeenCalledWith('focus', expect.any(Function));
      vi.setSystemTime(T0 + 60_000);
      window.dispatchEvent(new Event('focus'));
      document.dispatchEvent(new Event('visibilitychange'));
      expect(list).toHaveBeenCalledTimes(1);
    });

    it('can be turned off', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
      const client = createMemoryKeysClient({ seed: [{ name: 'a' }] });
      const list = vi.spyOn(client, 'list');
      const { result } = renderHook(() => useApiKeys(client, { refreshOnFocus: false }));
      await waitFor(() => expect(result.current.status).toBe('success'));
      vi.setSystemTime(T0 + 60_000);
      window.dispatchEvent(new Event('focus'));
      expect(list).toHaveBeenCalledTimes(1);
    });

    it('reads the list again when a mutation ran during a refresh', async () => {
      const { client, result } = await loaded([{ name: 'a' }, { name: 'b' }]);
      const [first] = result.current.keys;
      // The refresh answers with the list as it was before the revoke below.
      const before = await client.list();
      let answer!: (keys: typeof before) => void;
      vi.spyOn(client, 'list').mockImplementationOnce(
        () => new Promise((resolve) => (answer = resolve)),
      );
      vi.setSystemTime(T0 + 6_000);
      act(() => {
        window.dispatchEvent(new Event('focus'));
      });
      await act(async () => {
        await result.current.revoke(first!.id);
      });
      await act(async () => answer(before));
      await waitFor(() =>
        expect(result.current.keys.find((k) => k.id === first!.id)?.status).toBe('Revoked'),
      );
    });
  });
});
