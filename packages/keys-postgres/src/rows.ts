/**
 * Conversions between the engine's records and PostgreSQL rows. Lists are `text[]` and audit
 * data `jsonb` (the driver converts both); timestamps are `bigint`, read back as numbers by the
 * per-query type parser of sql.ts.
 */
import type { AuditEvent, StoredKey, UsageLog } from '@babysea/keys-core';

/** A row of `api_keys`. */
export interface KeyRow {
  id: string;
  account_id: string;
  name: string;
  hash: string;
  prefix: string;
  scopes: string[];
  preset: string | null;
  allowlist: string[];
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
  type: AuditEvent['type'];
  at: number;
  actor_id: string;
  actor_role: AuditEvent['actorRole'];
  key_id: string;
  key_prefix: string;
  key_name: string;
  data: AuditEvent['data'];
}

/** The insert parameters of a key, in the column order of `KEY_COLUMNS`. */
export function keyValues(key: StoredKey): unknown[] {
  return [
    key.id,
    key.accountId,
    key.name,
    key.hash,
    key.prefix,
    key.scopes,
    key.preset,
    key.allowlist,
    key.createdAt,
    key.createdBy,
    key.expiresAt,
    key.lastUsedAt,
    key.revokedAt,
    key.rotatedAt,
    key.graceEndsAt,
    key.replacedBy,
    key.rotatedFrom,
    key.version,
  ];
}

/** The insert parameters of an audit event, in the column order of `EVENT_COLUMNS`. */
export function eventValues(event: AuditEvent): unknown[] {
  return [
    event.id,
    event.accountId,
    event.type,
    event.at,
    event.actorId,
    event.actorRole,
    event.keyId,
    event.keyPrefix,
    event.keyName,
    JSON.stringify(event.data),
  ];
}

/** Usage logs as one array per column, for a single `unnest` insert. */
export function logColumns(logs: readonly UsageLog[]): unknown[][] {
  return [
    logs.map((l) => l.id),
    logs.map((l) => l.keyId),
    logs.map((l) => l.accountId),
    logs.map((l) => l.at),
    logs.map((l) => l.method),
    logs.map((l) => l.endpoint),
    logs.map((l) => l.query),
    logs.map((l) => l.status),
    logs.map((l) => l.errorCode),
    logs.map((l) => l.ipHash),
    logs.map((l) => l.userAgent),
  ];
}

export function rowToKey(row: KeyRow): StoredKey {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    hash: row.hash,
    prefix: row.prefix,
    scopes: row.scopes,
    preset: row.preset,
    allowlist: row.allowlist,
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

export function rowToEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type,
    at: row.at,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    keyId: row.key_id,
    keyPrefix: row.key_prefix,
    keyName: row.key_name,
    data: row.data,
  };
}
