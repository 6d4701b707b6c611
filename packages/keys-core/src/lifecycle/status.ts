import type { ApiKey, KeyStatus, StoredKey } from '../types.js';

/**
 * The status of a key at `now` (PRODUCT.md §6). Never stored: it is derived from the record
 * and the clock, so a key expires or leaves its grace without any write.
 *
 * Order matters: a revoke is final and wins over everything; then the key's own expiry; then
 * the rotation grace (already capped at the expiry when it was set).
 *
 * @example
 * deriveStatus(key, Date.now()); // 'Active' | 'Rotated' | 'Expired' | 'Revoked'
 */
export function deriveStatus(key: StoredKey, now: number): KeyStatus {
  if (key.revokedAt !== null) return 'Revoked';
  if (key.expiresAt !== null && key.expiresAt <= now) return 'Expired';
  if (key.graceEndsAt !== null) return now >= key.graceEndsAt ? 'Expired' : 'Rotated';
  return 'Active';
}

/**
 * What callers see of a stored key: a fresh object without `hash` or `version`, with the
 * status derived at `now`. Fields are listed one by one (no spread) so that a field added to
 * `StoredKey` later cannot leak by accident.
 */
export function toApiKey(key: StoredKey, now: number): ApiKey {
  return {
    id: key.id,
    accountId: key.accountId,
    name: key.name,
    prefix: key.prefix,
    scopes: [...key.scopes],
    preset: key.preset,
    allowlist: [...key.allowlist],
    createdAt: key.createdAt,
    createdBy: key.createdBy,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    rotatedAt: key.rotatedAt,
    graceEndsAt: key.graceEndsAt,
    replacedBy: key.replacedBy,
    rotatedFrom: key.rotatedFrom,
    status: deriveStatus(key, now),
  };
}
