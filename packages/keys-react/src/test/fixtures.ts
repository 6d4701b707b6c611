import type { ApiKey } from '@babysea/keys-core';

/** An obviously fake key of the right shape (test fixture, never a real secret). */
export const TEST_SECRET = 'bye_TestOnlyFakeKey00000000000000000000000';

/** 2026-11-27T12:00:00Z: the `now` of table tests. */
export const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

/** An ApiKey with sensible defaults. */
export function apiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'key_000000000000000000000001',
    accountId: 'acct_test',
    name: 'prod-api-worker',
    prefix: 'bye_a1B2c',
    scopes: ['generation:write'],
    preset: 'full-access',
    allowlist: [],
    createdAt: NOW - 3 * 24 * 3600_000,
    createdBy: 'user_1',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    graceEndsAt: null,
    replacedBy: null,
    rotatedFrom: null,
    status: 'Active',
    ...overrides,
  };
}
