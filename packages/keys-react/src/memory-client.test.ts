import { isKeysError, KeysError } from '@babysea/keys-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryKeysClient } from './memory-client.js';

const NOW = Date.UTC(2026, 10, 27, 12);

afterEach(() => {
  vi.useRealTimers();
});

describe('createMemoryKeysClient', () => {
  it('creates a key with the real engine and lists it', async () => {
    const client = createMemoryKeysClient({ clock: () => NOW });
    const { key, secret } = await client.create({ name: 'prod-api-worker', preset: 'read-only' });
    expect(secret).toMatch(/^bye_[A-Za-z0-9]{38}$/);
    expect(key).toMatchObject({ name: 'prod-api-worker', preset: 'read-only', status: 'Active' });
    expect(key.prefix).toBe(secret.slice(0, 9));
    await expect(client.list()).resolves.toEqual([key]);
  });

  it('refuses invalid input with the engine’s field issues', async () => {
    const client = createMemoryKeysClient();
    const error = await client.create({ name: '', allowlist: '10.0.0.999' }).catch((e) => e);
    expect(isKeysError(error)).toBe(true);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['name', 'allowlist']),
    );
  });

  it('refuses writes to a member', async () => {
    const client = createMemoryKeysClient({ role: 'member' });
    const error = await client.create({ name: 'x', preset: 'full-access' }).catch((e) => e);
    expect(error.code).toBe('ROLE_FORBIDDEN');
  });

  it('rotates, revokes and deletes like the server', async () => {
    const client = createMemoryKeysClient({ clock: () => NOW });
    const { key } = await client.create({ name: 'k', preset: 'full-access' });
    const rotated = await client.rotate(key.id, { graceHours: 6 });
    expect(rotated.previous.status).toBe('Rotated');
    expect(rotated.key.status).toBe('Active');
    expect((await client.revoke(rotated.previous.id)).status).toBe('Revoked');
    await client.delete(rotated.key.id);
    expect((await client.list()).map((k) => k.id)).toEqual([key.id]);
  });

  it('seeds keys in every status, newest first', async () => {
    const client = createMemoryKeysClient({
      clock: () => NOW,
      seed: [
        { name: 'old', createdAt: NOW - 40 * 86_400_000, status: 'Expired' },
        { name: 'revoked', createdAt: NOW - 30 * 86_400_000, status: 'Revoked' },
        { name: 'rotated', createdAt: NOW - 20 * 86_400_000, status: 'Rotated' },
        { name: 'used', createdAt: NOW - 10 * 86_400_000, lastUsedAt: NOW - 180_000 },
      ],
    });
    const list = await client.list();
    const byName = Object.fromEntries(list.map((k) => [`${k.name}:${k.status}`, k]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining([
        'old:Expired',
        'revoked:Revoked',
        'rotated:Rotated',
        'rotated:Active',
        'used:Active',
      ]),
    );
    expect(byName['used:Active']?.lastUsedAt).toBe(NOW - 180_000);
  });

  it('answers the presets and limits', async () => {
    const info = await createMemoryKeysClient().presets();
    expect(info.presets.map((p) => p.label)).toEqual([
      'Full Access',
      'Generate Only',
      'Read Only',
      'Monitor Only',
    ]);
    expect(info).toMatchObject({
      defaultGraceHours: 24,
      maxNameLength: 100,
      maxAllowlistEntries: 50,
    });
    expect(info.graceHours).toEqual([1, 6, 12, 24, 48, 72, 168]);
  });

  it('fails the chosen methods until the failure is cleared', async () => {
    const client = createMemoryKeysClient();
    client.setFailure(new KeysError('STORAGE_UNAVAILABLE', 'down'), ['list']);
    await expect(client.list()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(client.presets()).resolves.toBeDefined();
    client.setFailure(null);
    await expect(client.list()).resolves.toEqual([]);
  });

  it('waits for the configured delay before answering', async () => {
    vi.useFakeTimers();
    const client = createMemoryKeysClient({ delayMs: 500 });
    let settled = false;
    const listed = client.list().then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await listed;
    expect(settled).toBe(true);
  });
});
