import { isKeysError, type KeysErrorCode } from '../errors/keys-error.js';
import type { AuditEvent, AuditEventType, StoredKey, UsageLog } from '../types.js';

/** A fixed start of time for every test: far from the epoch, in the future of any real clock. */
export const T0 = Date.UTC(2030, 0, 1);
export const HOUR = 60 * 60 * 1000;

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buffer);
  let text = '';
  for (const byte of buffer) text += byte.toString(16).padStart(2, '0');
  return text;
}

/**
 * A unique id of the given kind: `kind_` + 24 hex characters (a subset of the base62 ids the
 * engine makes, so an adapter that checks the id's shape accepts it).
 */
export function fixtureId(kind: 'key' | 'evt' | 'log' | 'acct'): string {
  return `${kind}_${randomHex(12)}`;
}

/** A unique, well-formed hash: 64 lowercase hex characters. */
export function fixtureHash(): string {
  return randomHex(32);
}

/** A stored key with every field set to a plausible value; `overrides` win. */
export function makeStoredKey(accountId: string, overrides: Partial<StoredKey> = {}): StoredKey {
  return {
    id: fixtureId('key'),
    accountId,
    name: 'prod-api-worker',
    hash: fixtureHash(),
    prefix: 'bye_a1B2c',
    scopes: ['generation:write', 'generation:read', 'library:read'],
    preset: 'generate-only',
    allowlist: ['203.0.113.0/24', '2001:db8::1'],
    createdAt: T0,
    createdBy: 'user_owner',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    graceEndsAt: null,
    replacedBy: null,
    rotatedFrom: null,
    version: 1,
    ...overrides,
  };
}

/** An audit event about `key`; `overrides` win. */
export function makeAuditEvent(
  type: AuditEventType,
  key: StoredKey,
  overrides: Partial<AuditEvent> = {},
): AuditEvent {
  return {
    id: fixtureId('evt'),
    accountId: key.accountId,
    type,
    at: T0,
    actorId: 'user_owner',
    actorRole: 'owner',
    keyId: key.id,
    keyPrefix: key.prefix,
    keyName: key.name,
    data: {},
    ...overrides,
  };
}

/** A usage log row of `key`; `overrides` win. */
export function makeUsageLog(key: StoredKey, overrides: Partial<UsageLog> = {}): UsageLog {
  return {
    id: fixtureId('log'),
    keyId: key.id,
    accountId: key.accountId,
    at: T0,
    method: 'POST',
    endpoint: '/v1/generate/image/bfl/flux-schnell',
    query: '',
    status: 200,
    errorCode: null,
    ipHash: fixtureHash(),
    userAgent: 'curl/8.5.0',
    ...overrides,
  };
}

/** What a call threw (or `undefined`), so that a test can assert on it without try/catch. */
export async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** True when `error` is a `KeysError` (from any copy of the package) with this code. */
export function isKeysErrorWithCode(error: unknown, code: KeysErrorCode): boolean {
  return isKeysError(error) && error.code === code;
}
