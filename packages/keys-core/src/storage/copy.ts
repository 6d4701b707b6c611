import type { AuditEvent, StoredKey, UsageLog } from '../types.js';

/**
 * Copies of the records the adapters keep. Every field is a primitive except the two string
 * arrays of a key and the flat `data` object of an event, so a shallow copy of those is a deep
 * copy — and much cheaper than `structuredClone` on the verify path, which copies one key per
 * request.
 */

/** A deep copy of a stored key: a caller can mutate it without touching storage. */
export function copyStoredKey(key: StoredKey): StoredKey {
  return { ...key, scopes: [...key.scopes], allowlist: [...key.allowlist] };
}

/** A deep copy of an audit event (its `data` holds only primitives). */
export function copyAuditEvent(event: AuditEvent): AuditEvent {
  return { ...event, data: { ...event.data } };
}

/** A copy of a usage log (every field is a primitive). */
export function copyUsageLog(log: UsageLog): UsageLog {
  return { ...log };
}
