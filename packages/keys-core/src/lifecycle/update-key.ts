import { KeysError } from '../errors/keys-error.js';
import type { ApiKey, StoredKey, StoredKeyPatch } from '../types.js';
import { validateUpdateKeyInput } from '../validation/update-key-input.js';
import { auditEvent } from './audit.js';
import { type EngineContext, readKey } from './context.js';
import { assertObject, requireId, validationError } from './inputs.js';
import type { UpdateKeyInput } from './keys-api.js';
import { assertAllowed } from './roles.js';
import { toApiKey } from './status.js';
import { callStorage } from './storage-call.js';

/** As in write-operations: a few retries cover a race with a rotate or revoke. */
const MAX_CAS_ATTEMPTS = 3;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i]);
}

/** The fields of `wanted` that differ from `key`. */
function changes(key: StoredKey, wanted: { name?: string; allowlist?: string[] }): StoredKeyPatch {
  const patch: StoredKeyPatch = {};
  if (wanted.name !== undefined && wanted.name !== key.name) patch.name = wanted.name;
  if (wanted.allowlist !== undefined && !sameList(wanted.allowlist, key.allowlist)) {
    patch.allowlist = wanted.allowlist;
  }
  return patch;
}

/**
 * `keys.update`: renames a key and/or replaces its IP allowlist (owners only). No secret is
 * involved. The audit event `api_key.updated` says what changed (old and new values); an
 * edit that changes nothing writes nothing. A revoked key cannot be edited (`CONFLICT`); an
 * expired or rotated one can (its name is all that tells it apart in the list). Every server's
 * verifier drops the key at once (the adapter's change feed), so a narrowed allowlist refuses
 * the next request.
 */
export async function updateKey(engine: EngineContext, input: UpdateKeyInput): Promise<ApiKey> {
  assertObject(input);
  assertAllowed(input.actor, 'update');
  const accountId = requireId('accountId', input.accountId);
  const keyId = requireId('keyId', input.keyId);
  const checked = validateUpdateKeyInput(
    { name: input.name, allowlist: input.allowlist },
    { prefix: engine.prefix },
  );
  if (!checked.ok) throw validationError(checked.issues);

  for (let attempt = 1; ; attempt++) {
    const key = await readKey(engine, accountId, keyId);
    const now = engine.clock();
    if (key.revokedAt !== null) {
      throw new KeysError('CONFLICT', 'A revoked key cannot be edited.');
    }
    const patch = changes(key, checked.value);
    if (patch.name === undefined && patch.allowlist === undefined) return toApiKey(key, now);
    const changed = [
      ...(patch.name === undefined ? [] : ['name']),
      ...(patch.allowlist === undefined ? [] : ['allowlist']),
    ];
    const event = auditEvent('api_key.updated', key, input.actor, now, {
      changed: changed.join(','),
      ...(patch.name === undefined ? {} : { previousName: key.name, name: patch.name }),
      ...(patch.allowlist === undefined
        ? {}
        : { previousAllowlist: key.allowlist.join(', '), allowlist: patch.allowlist.join(', ') }),
    });
    const updated = await callStorage('updating the key', () =>
      engine.storage.updateKey(accountId, keyId, key.version, patch, event),
    );
    if (updated !== null) {
      engine.invalidate(key.hash);
      return toApiKey(updated, now);
    }
    if (attempt >= MAX_CAS_ATTEMPTS) {
      throw new KeysError('CONFLICT', 'The key changed while editing it; try again.');
    }
  }
}
