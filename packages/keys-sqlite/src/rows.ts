/**
 * Conversions between the engine's records and SQLite rows: snake_case columns, lists and
 * audit data as JSON text. This is the only place that serialises.
 */
import type { AuditEvent, StoredKey, UsageLog } from '@babysea/keys-core';

/** A row of `api_keys`. */
export interface KeyRow {
  id: string;
  account_id: string;
  name: string;
  hash: string;
  prefix: string;
  scopes: string;
  preset: string | null;
  allowlist: string;
  created_at: number;
  created_by: string;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  rotated_at: number | null;
  grace_ends_at: number | null;
  replaced_by: string | null;
  rotated_from: string | null;
  version: number;
}

/** A row of `api_key_usage_logs`. */
export interface UsageLogRow {
  id: string;
  key_id: string;
  account_id: string;
  at: number;
  method: string;
  endpoint: string;
  query: string;
  status: number;
  error_code: string | null;
  ip_hash: string;
  user_agent: string | null;
}

/** A row of `api_key_audit_events`. */
export interface AuditEventRow {
  id: string;
  account_id: string;
  type: string;
  at: number;
  actor_id: string;
  actor_role: string;
  key_id: string;
  key_prefix: string;
  key_name: string;
  data: string;
}

export function keyToRow(key: StoredKey): KeyRow {
  return {
    id: key.id,
    account_id: key.accountId,
    name: key.name,
    hash: key.hash,
    prefix: key.prefix,
    scopes: JSON.stringify(key.scopes),
    preset: key.preset,
    allowlist: JSON.stringify(key.allowlist),
    created_at: key.createdAt,
    created_by: key.createdBy,
    expires_at: key.expiresAt,
    last_used_at: key.lastUsedAt,
    revoked_at: key.revokedAt,
    rotated_at: key.rotatedAt,
    grace_ends_at: key.graceEndsAt,
    replaced_by: key.replacedBy,
    rotated_from: key.rotatedFrom,
    version: key.version,
  };
}

export function rowToKey(row: KeyRow): StoredKey {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    hash: row.hash,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as string[],
    preset: row.preset,
    allowlist: JSON.parse(row.allowlist) as string[],
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    rotatedAt: row.rotated_at,
    graceEndsAt: row.grace_ends_at,
    replacedBy: row.replaced_by,
    rotatedFrom: row.rotated_from,
    version: row.version,
  };
}

export function rowToLog(row: UsageLogRow): UsageLog {
  return {
    id: row.id,
    keyId: row.key_id,
    accountId: row.account_id,
    at: row.at,
    method: row.method,
    endpoint: row.endpoint,
    query: row.query,
    status: row.status,
    errorCode: row.error_code,
    ipHash: row.ip_hash,
    userAgent: row.user_agent,
  };
}

export function eventToRow(event: AuditEvent): AuditEventRow {
  return {
    id: event.id,
    account_id: event.accountId,
    type: event.type,
    at: event.at,
    actor_id: event.actorId,
    actor_role: event.actorRole,
    key_id: event.keyId,
    key_prefix: event.keyPrefix,
    key_name: event.keyName,
    data: JSON.stringify(event.data),
  };
}

export function rowToEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type as AuditEvent['type'],
    at: row.at,
    actorId: row.actor_id,
    actorRole: row.actor_role as AuditEvent['actorRole'],
    keyId: row.key_id,
    keyPrefix: row.key_prefix,
    keyName: row.key_name,
    data: JSON.parse(row.data) as AuditEvent['data'],
  };
}
