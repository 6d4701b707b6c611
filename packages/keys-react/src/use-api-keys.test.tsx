import { KeysError } from '@babysea/keys-core';
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
});
