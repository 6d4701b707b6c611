import { KeysError } from '../errors/keys-error.js';
import type { Actor, Role } from '../types.js';

/** The management operations of the engine, as roles see them. */
export type KeyOperation =
  | 'create'
  | 'rotate'
  | 'revoke'
  | 'delete'
  | 'update'
  | 'list'
  | 'get'
  | 'logs'
  | 'usage'
  | 'audit'
  | 'hashIp';

const ROLES: readonly Role[] = ['primary-owner', 'owner', 'member'];
const WRITES: ReadonlySet<KeyOperation> = new Set([
  'create',
  'rotate',
  'revoke',
  'delete',
  'update',
]);

/**
 * True when `role` may create, rotate, revoke and delete keys (PRODUCT.md §1): the owners.
 * Members may only read. The UI uses it to disable the actions it still shows.
 *
 * @example
 * canManageKeys('owner'); // true
 * canManageKeys('member'); // false
 */
export function canManageKeys(role: Role): boolean {
  return role === 'primary-owner' || role === 'owner';
}

/**
 * Throws `ROLE_FORBIDDEN` unless `actor` is a well-formed actor whose role may perform
 * `operation`. It runs before anything else an operation does, so a member learns nothing
 * (not even whether the input or the key is valid). A malformed actor fails closed.
 */
export function assertAllowed(actor: unknown, operation: KeyOperation): asserts actor is Actor {
  if (!isActor(actor)) {
    throw new KeysError(
      'ROLE_FORBIDDEN',
      `actor: expected { userId, role } with role ${ROLES.join(', ')}`,
    );
  }
  if (WRITES.has(operation) && !canManageKeys(actor.role)) {
    throw new KeysError(
      'ROLE_FORBIDDEN',
      `A ${actor.role} cannot ${operation} API keys: only owners can create, edit, rotate, revoke or delete them.`,
    );
  }
}

function isActor(value: unknown): value is Actor {
  if (typeof value !== 'object' || value === null) return false;
  const { userId, role } = value as { userId?: unknown; role?: unknown };
  return typeof userId === 'string' && userId.length > 0 && ROLES.includes(role as Role);
}
