import { describe, expect, it } from 'vitest';
import { HOUR, makeStoredKey, T0 } from '../testing/fixtures.js';
import { deriveStatus, toApiKey } from './status.js';

const key = (overrides = {}) => makeStoredKey('acct_1', overrides);

describe('deriveStatus', () => {
  it('is Active for a live key', () => {
    expect(deriveStatus(key(), T0)).toBe('Active');
  });

  it('is Active until the last millisecond before expiry', () => {
    expect(deriveStatus(key({ expiresAt: T0 + HOUR }), T0 + HOUR - 1)).toBe('Active');
  });

  it('is Expired from the expiry instant on', () => {
    expect(deriveStatus(key({ expiresAt: T0 + HOUR }), T0 + HOUR)).toBe('Expired');
  });

  it('is Rotated during the grace', () => {
    const rotated = key({ rotatedAt: T0, graceEndsAt: T0 + 24 * HOUR });
    expect(deriveStatus(rotated, T0 + 24 * HOUR - 1)).toBe('Rotated');
  });

  it('is Expired once the grace ends', () => {
    const rotated = key({ rotatedAt: T0, graceEndsAt: T0 + 24 * HOUR });
    expect(deriveStatus(rotated, T0 + 24 * HOUR)).toBe('Expired');
  });

  it('is Revoked whatever else is set', () => {
    const revoked = key({ revokedAt: T0, expiresAt: T0 + 1, graceEndsAt: T0 + 1 });
    expect(deriveStatus(revoked, T0 + 2 * HOUR)).toBe('Revoked');
  });
});

describe('toApiKey', () => {
  it('exposes neither hash nor version', () => {
    const api = toApiKey(key(), T0);
    expect(Object.keys(api).sort()).toEqual(
      [
        'id',
        'accountId',
        'name',
        'prefix',
        'scopes',
        'preset',
        'allowlist',
        'createdAt',
        'createdBy',
        'expiresAt',
        'lastUsedAt',
        'revokedAt',
        'rotatedAt',
        'graceEndsAt',
        'replacedBy',
        'rotatedFrom',
        'status',
      ].sort(),
    );
  });

  it('does not carry fields a stored record may gain later', () => {
    const stored = { ...key(), internalNote: 'x' };
    expect(toApiKey(stored, T0)).not.toHaveProperty('internalNote');
  });

  it('derives the status at the given time', () => {
    expect(toApiKey(key({ expiresAt: T0 }), T0).status).toBe('Expired');
  });

  it('returns fresh lists that do not alias the record', () => {
    const stored = key();
    const api = toApiKey(stored, T0);
    api.scopes.push('x');
    api.allowlist.push('y');
    expect(stored.scopes).not.toContain('x');
    expect(stored.allowlist).not.toContain('y');
  });
});
