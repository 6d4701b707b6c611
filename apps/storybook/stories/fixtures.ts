import type { ApiKey } from '@babysea/keys-core';
import type { MemorySeedKey } from '@babysea/keys-react/memory';

/**
 * The one fake secret of the stories: the right shape (`bye_` + 38 base62), obviously not a
 * real key. It lives in a stories fixture on purpose; never reuse it elsewhere.
 */
export const EXAMPLE_SECRET = 'bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "Now" for fixtures: stories show times relative to the real clock. */
export const now = () => Date.now();

let counter = 0;
/** An `ApiKey` for the table stories (the table is presentational: no engine needed). */
export function exampleKey(overrides: Partial<ApiKey> = {}): ApiKey {
  counter += 1;
  const id = `key_${String(counter).padStart(24, '0')}`;
  return {
    id,
    accountId: 'acct_demo',
    name: 'prod-api-worker',
    prefix: 'bye_a1B2c',
    scopes: ['generation:write', 'generation:read'],
    preset: 'full-access',
    allowlist: [],
    createdAt: now() - 12 * DAY,
    createdBy: 'user_demo',
    expiresAt: null,
    lastUsedAt: now() - 3 * MINUTE,
    revokedAt: null,
    rotatedAt: null,
    graceEndsAt: null,
    replacedBy: null,
    rotatedFrom: null,
    status: 'Active',
    ...overrides,
  };
}

/** Four keys, one per use case of the spec. */
export function exampleKeys(): ApiKey[] {
  return [
    exampleKey({
      name: 'prod-api-worker',
      prefix: 'bye_a1B2c',
      allowlist: ['203.0.113.10', '198.51.100.5', '2001:db8::1'],
    }),
    exampleKey({
      name: 'dev-frontend',
      prefix: 'bye_Zx9Qw',
      lastUsedAt: now() - 2 * HOUR,
      createdAt: now() - 30 * DAY,
      preset: 'generate-only',
    }),
    exampleKey({
      name: 'staging-monitor',
      prefix: 'bye_M0n1T',
      lastUsedAt: null,
      createdAt: now() - 2 * DAY,
      preset: 'monitor-only',
      allowlist: ['10.0.0.0/8'],
    }),
    exampleKey({
      name: 'analytics-reader',
      prefix: 'bye_r3aDr',
      status: 'Rotated',
      lastUsedAt: now() - 26 * HOUR,
      createdAt: now() - 90 * DAY,
      rotatedAt: now() - DAY,
      graceEndsAt: now() + 6 * DAY,
      preset: 'read-only',
    }),
  ];
}

const NAMES = [
  'prod-api-worker',
  'dev-frontend',
  'staging-monitor',
  'analytics-reader',
  'billing-sync',
  'image-pipeline',
  'video-batch',
  'ci-smoke-tests',
];
const STATUSES: ApiKey['status'][] = [
  'Active',
  'Active',
  'Active',
  'Rotated',
  'Revoked',
  'Expired',
];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Many keys in every status, for the `ManyKeys` stories. */
export function manyKeys(count = 24): ApiKey[] {
  return Array.from({ length: count }, (_, i) => {
    const status = STATUSES[i % STATUSES.length]!;
    const prefix = `bye_${Array.from({ length: 5 }, (_, j) => ALPHABET[(i * 7 + j * 13) % 62]).join('')}`;
    return exampleKey({
      name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? `-${Math.floor(i / NAMES.length) + 1}` : ''}`,
      prefix,
      status,
      createdAt: now() - (i + 1) * 3 * DAY,
      lastUsedAt: i % 4 === 3 ? null : now() - (i + 1) * 37 * MINUTE,
      allowlist:
        i % 3 === 0
          ? []
          : i % 3 === 1
            ? ['203.0.113.10']
            : ['203.0.113.0/24', '2001:db8::/32', '198.51.100.5'],
      revokedAt: status === 'Revoked' ? now() - DAY : null,
    });
  });
}

/** Seeds for the page stories (the memory client runs the real engine). */
export const PAGE_SEED: MemorySeedKey[] = [
  {
    name: 'analytics-reader',
    preset: 'read-only',
    createdAt: now() - 90 * DAY,
    lastUsedAt: now() - 26 * HOUR,
    status: 'Rotated',
  },
  {
    name: 'staging-monitor',
    preset: 'monitor-only',
    createdAt: now() - 20 * DAY,
    allowlist: ['10.0.0.0/8'],
  },
  {
    name: 'dev-frontend',
    preset: 'generate-only',
    createdAt: now() - 8 * DAY,
    lastUsedAt: now() - 2 * HOUR,
  },
  {
    name: 'prod-api-worker',
    preset: 'full-access',
    createdAt: now() - 3 * DAY,
    lastUsedAt: now() - 3 * MINUTE,
    allowlist: ['203.0.113.10', '198.51.100.5', '2001:db8::1'],
  },
];

/** A long history for the page's `ManyKeys`. */
export function manySeeds(count = 18): MemorySeedKey[] {
  const statuses: Array<MemorySeedKey['status']> = [
    'Active',
    'Active',
    'Revoked',
    'Active',
    'Expired',
    'Rotated',
  ];
  return Array.from({ length: count }, (_, i) => ({
    name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? `-${Math.floor(i / NAMES.length) + 1}` : ''}`,
    createdAt: now() - (count - i) * 4 * DAY,
    lastUsedAt: i % 4 === 1 ? undefined : now() - (count - i) * 41 * MINUTE,
    status: statuses[i % statuses.length],
    allowlist: i % 3 === 2 ? ['203.0.113.0/24', '198.51.100.5'] : [],
  }));
}
