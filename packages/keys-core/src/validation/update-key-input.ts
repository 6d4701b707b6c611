/**
 * What the Edit dialog sends, checked at once, by the form and by the server alike: a new name
 * and/or a new allowlist. Scopes and expiry are not editable (rotate into a new key instead).
 */
import { parseIpAllowlist } from '../allowlist/parse-allowlist.js';
import type { FieldIssue } from '../errors/keys-error.js';
import { redactIssues } from './create-key-input.js';
import { validateName } from './name.js';
import { fieldIssue, type Result } from './result.js';

/** Raw input of a key edit, as it arrives from a form or a JSON body. */
export interface UpdateKeyFields {
  name?: unknown;
  /** Comma-separated text or a list; empty means any IP. */
  allowlist?: unknown;
}

/** The cleaned edit: only the fields given. */
export interface ValidUpdateKeyInput {
  name?: string;
  allowlist?: string[];
}

/**
 * Validates a key edit (fields `name`, `allowlist`): at least one must be given. Issues never
 * echo a key pasted into a field.
 *
 * @example
 * validateUpdateKeyInput({ name: ' renamed ' }); // { ok: true, value: { name: 'renamed' } }
 */
export function validateUpdateKeyInput(
  input: UpdateKeyFields,
  options: { prefix?: string } = {},
): Result<ValidUpdateKeyInput> {
  const source: UpdateKeyFields = typeof input === 'object' && input !== null ? input : {};
  const issues: FieldIssue[] = [];
  const value: ValidUpdateKeyInput = {};
  if (source.name === undefined && source.allowlist === undefined) {
    issues.push(fieldIssue('name', 'required', 'give a new name or a new allowlist'));
  }
  if (source.name !== undefined) {
    const name = validateName(source.name);
    if (name.ok) value.name = name.value;
    else issues.push(...name.issues);
  }
  if (source.allowlist !== undefined) {
    const allowlist = parseIpAllowlist(source.allowlist as string | readonly string[] | null);
    if (allowlist.ok) value.allowlist = allowlist.value;
    else issues.push(...allowlist.issues);
  }
  if (issues.length > 0) return { ok: false, issues: redactIssues(issues, options.prefix) };
  return { ok: true, value };
}
