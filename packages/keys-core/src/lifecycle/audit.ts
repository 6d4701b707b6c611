import { randomId } from '../secret/random.js';
import type { Actor, AuditEvent, AuditEventType, StoredKey } from '../types.js';

/**
 * The activity-feed entry for a change to `key` (PRODUCT.md §6): who, when, which key by id,
 * prefix and name. It never holds the secret: nothing here can see it.
 */
export function auditEvent(
  type: AuditEventType,
  key: StoredKey,
  actor: Actor,
  at: number,
  data: AuditEvent['data'] = {},
): AuditEvent {
  return {
    id: randomId('evt'),
    accountId: key.accountId,
    type,
    at,
    actorId: actor.userId,
    actorRole: actor.role,
    keyId: key.id,
    keyPrefix: key.prefix,
    keyName: key.name,
    data,
  };
}
