import type { ApiKey, AuditEvent, UsageLog } from '../types.js';
import { type EngineContext, readKey } from './context.js';
import { assertObject, readPaging, requireId } from './inputs.js';
import type { AccountInput, AuditInput, KeyInput, LogsInput } from './keys-api.js';
import { assertAllowed } from './roles.js';
import { toApiKey } from './status.js';
import { callStorage } from './storage-call.js';

/** `keys.list`: the account's keys, newest first, as callers may see them. */
export async function listKeys(engine: EngineContext, input: AccountInput): Promise<ApiKey[]> {
  assertObject(input);
  assertAllowed(input.actor, 'list');
  const accountId = requireId('accountId', input.accountId);
  const keys = await callStorage('listing keys', () => engine.storage.listKeys(accountId));
  const now = engine.clock();
  return keys.map((key) => toApiKey(key, now));
}

/** `keys.get`: one key of the account, or `NOT_FOUND`. */
export async function getKey(engine: EngineContext, input: KeyInput): Promise<ApiKey> {
  assertObject(input);
  assertAllowed(input.actor, 'get');
  const accountId = requireId('accountId', input.accountId);
  const keyId = requireId('keyId', input.keyId);
  const key = await readKey(engine, accountId, keyId);
  return toApiKey(key, engine.clock());
}

/**
 * `keys.logs`: one key's usage logs, newest first. The key must be in the account: asking for
 * another account's key is `NOT_FOUND`, not an empty list, so ids cannot be probed.
 */
export async function listLogs(engine: EngineContext, input: LogsInput): Promise<UsageLog[]> {
  assertObject(input);
  assertAllowed(input.actor, 'logs');
  const accountId = requireId('accountId', input.accountId);
  const keyId = requireId('keyId', input.keyId);
  const paging = readPaging(input);
  await readKey(engine, accountId, keyId);
  return callStorage('listing usage logs', () =>
    engine.storage.listUsageLogs(accountId, keyId, paging),
  );
}

/** `keys.audit`: the account's activity feed, newest first. */
export async function listAudit(engine: EngineContext, input: AuditInput): Promise<AuditEvent[]> {
  assertObject(input);
  assertAllowed(input.actor, 'audit');
  const accountId = requireId('accountId', input.accountId);
  const paging = readPaging(input);
  return callStorage('listing audit events', () =>
    engine.storage.listAuditEvents(accountId, paging),
  );
}
