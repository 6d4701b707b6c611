import { KeysError } from '../errors/keys-error.js';
import { hashKey } from '../secret/hash.js';
import { displayPrefix, generateKey } from '../secret/key.js';
import { randomId } from '../secret/random.js';
import type { ApiKey, StoredKey } from '../types.js';
import { validateCreateKeyInput, validateGraceHours } from '../validation/index.js';
import { auditEvent } from './audit.js';
import { type EngineContext, notFound, readKey } from './context.js';
import { assertObject, requireId, validationError } from './inputs.js';
import type {
  CreatedKey,
  CreateKeyInput,
  KeyInput,
  RotatedKey,
  RotateKeyInput,
} from './keys-api.js';
import { assertAllowed } from './roles.js';
import { deriveStatus, toApiKey } from './status.js';
import { callStorage } from './storage-call.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * How many times a compare-and-set is retried when the key's version moved but the operation
 * is still allowed. Versions move only on rotate and revoke, each at most once per key, so
 * two retries cover every legal race; the bound stops a misbehaving adapter from looping.
 */
const MAX_CAS_ATTEMPTS = 3;

function conflict(message: string): KeysError {
  return new KeysError('CONFLICT', message);
}

/** A new stored key and its secret. The secret leaves this module only in the return value. */
function newKey(
  engine: EngineContext,
  fields: Pick<StoredKey, 'accountId' | 'name' | 'scopes' | 'preset' | 'allowlist' | 'expiresAt'>,
  createdBy: string,
  now: number,
  rotatedFrom: string | null,
): { stored: StoredKey; secret: string } {
  const secret = generateKey(engine.prefix);
  const stored: StoredKey = {
    id: randomId('key'),
    accountId: fields.accountId,
    name: fields.name,
    hash: hashKey(secret),
    prefix: displayPrefix(secret, engine.prefix),
    scopes: [...fields.scopes],
    preset: fields.preset,
    allowlist: [...fields.allowlist],
    createdAt: now,
    createdBy,
    expiresAt: fields.expiresAt,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    graceEndsAt: null,
    replacedBy: null,
    rotatedFrom,
    version: 1,
  };
  return { stored, secret };
}

/** `keys.create`: role, then every input issue at once, then one storage write. */
export async function createKey(engine: EngineContext, input: CreateKeyInput): Promise<CreatedKey> {
  assertObject(input);
  assertAllowed(input.actor, 'create');
  const accountId = requireId('accountId', input.accountId);
  const now = engine.clock();
  const checked = validateCreateKeyInput(
    {
      name: input.name,
      preset: input.preset,
      scopes: input.scopes,
      allowlist: input.allowlist,
      expiresAt: input.expiresAt,
    },
    { now, policy: engine.policy, prefix: engine.prefix },
  );
  if (!checked.ok) throw validationError(checked.issues);

  const { stored, secret } = newKey(
    engine,
    { accountId, ...checked.value },
    input.actor.userId,
    now,
    null,
  );
  const event = auditEvent('api_key.created', stored, input.actor, now, {
    preset: stored.preset,
    expiresAt: stored.expiresAt,
  });
  await callStorage('creating the key', () => engine.storage.insertKey(stored, event));
  return { key: toApiKey(stored, now), secret };
}

/**
 * `keys.rotate`: only an `Active` key rotates, once. The old key and its replacement are
 * written in one compare-and-set on the old key's version, so of many concurrent rotations
 * (on any number of servers) exactly one wins and the rest get `CONFLICT`.
 */
export async function rotateKey(engine: EngineContext, input: RotateKeyInput): Promise<RotatedKey> {
  assertObject(input);
  assertAllowed(input.actor, 'rotate');
  const accountId = requireId('accountId', input.accountId);
  const keyId = requireId('keyId', input.keyId);
  const grace = validateGraceHours(input.graceHours);
  if (!grace.ok) throw validationError(grace.issues);
  const graceHours = grace.value;

  for (let attempt = 1; ; attempt++) {
    // Each attempt re-reads: after a lost race the key is usually no longer Active.
    const old = await readKey(engine, accountId, keyId);
    const now = engine.clock();
    const status = deriveStatus(old, now);
    if (status !== 'Active') {
      throw conflict(`Only an Active key can be rotated; this key is ${status}.`);
    }
    const { stored: replacement, secret } = newKey(engine, old, input.actor.userId, now, old.id);
    // Never past the key's own expiry (PRODUCT.md §6).
    const graceEndsAt = Math.min(
      now + graceHours * HOUR_MS,
      old.expiresAt ?? Number.POSITIVE_INFINITY,
    );
    const event = auditEvent('api_key.rotated', old, input.actor, now, {
      replacementId: replacement.id,
      replacementPrefix: replacement.prefix,
      graceHours,
      graceEndsAt,
    });
    const rotated = await callStorage('rotating the key', () =>
      engine.storage.rotateKey(
        accountId,
        keyId,
        old.version,
        { rotatedAt: now, graceEndsAt, replacedBy: replacement.id },
        replacement,
        event,
      ),
    );
    if (rotated !== null) {
      engine.invalidate(old.hash);
      return { key: toApiKey(replacement, now), secret, previous: toApiKey(rotated, now) };
    }
    if (attempt >= MAX_CAS_ATTEMPTS)
      throw conflict('The key changed while rotating it; try again.');
  }
}

/**
 * `keys.revoke`: immediate and final. Allowed for `Active`, `Rotated` and `Expired` keys
 * (revoking an expired key is harmless and makes the end explicit); a key already revoked is
 * a `CONFLICT`, so that two owners revoking at once learn that one of them was first.
 * A revoke that loses a race with a rotation retries on the new version: the rotated key can
 * still be revoked.
 */
export async function revokeKey(engine: EngineContext, input: KeyInput): Promise<ApiKey> {
  assertObject(input);
  assertAllowed(input.actor, 'revoke');
  const accountId = requireId('accountId', input.accountId);
  const keyId = requireId('keyId', input.keyId);

  for (let attempt = 1; ; attempt++) {
    const key = await readKey(engine, accountId, keyId);
    if (key.revokedAt !== null) throw conflict('This key is already revoked.');
    const now = engine.clock();
    const event = auditEvent('api_key.revoked', key, input.actor, now, {
      previousStatus: deriveStatus(key, now),
    });
    const revoked = await callStorage('revoking the key', () =>
      engine.storage.updateKey(accountId, keyId, key.version, { revokedAt: now }, event),
    );
    if (revoked !== null) {
      engine.invalidate(key.hash);
      return toApiKey(revoked, now);
    }
    if (attempt >= MAX_CAS_ATTEMPTS)
      throw conflict('The key changed while revoking it; try again.');
  }
}

/** `keys.delete`: the key and its usage logs, in one storage call; the audit events stay. */
export async function deleteKey(engine: EngineContext, input: KeyInput): Promise<void> {
  assertObject(input);
  assertAllowed(input.actor, 'delete');
  const accountId = requireId('accountId', input.accountId);
  const keyId = requireId('keyId', input.keyId);
  const key = await readKey(engine, accountId, keyId);
  const now = engine.clock();
  const event = auditEvent('api_key.deleted', key, input.actor, now, {
    previousStatus: deriveStatus(key, now),
  });
  const deleted = await callStorage('deleting the key', () =>
    engine.storage.deleteKey(accountId, keyId, event),
  );
  // Another request deleted it between our read and our delete: it is gone either way, but
  // this caller did not delete it.
  if (deleted === null) throw notFound(engine, keyId);
  engine.invalidate(deleted.hash);
}
