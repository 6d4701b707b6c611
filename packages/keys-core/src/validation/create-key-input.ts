/**
 * Everything the Add dialog sends, checked at once: the form shows every problem in one pass,
 * and the server runs this same function before creating a key.
 */
import { parseIpAllowlist } from '../allowlist/parse-allowlist.js';
import type { FieldIssue } from '../errors/keys-error.js';
import { getDefaultPolicy, type Policy } from '../policy/compile-policy.js';
import { redactSecrets } from '../secret/redact.js';
import { validateExpiry } from './expiry.js';
import { validateName } from './name.js';
import { fieldIssue, type Result } from './result.js';

/** Raw input of a key creation, as it arrives from a form or a JSON body. */
export interface CreateKeyInput {
  name: unknown;
  /** A preset id; give this or `scopes`, not both. */
  preset?: unknown;
  /** An explicit (custom) list of scopes; give this or `preset`, not both. */
  scopes?: unknown;
  /** Comma-separated text or a list; empty or missing means any IP. */
  allowlist?: unknown;
  /** `Date`, epoch milliseconds, ISO 8601 text, or `null`/missing for never. */
  expiresAt?: unknown;
}

/** The cleaned input: what the engine stores. */
export interface ValidCreateKeyInput {
  name: string;
  /** The preset id, or `null` for a custom scope list. */
  preset: string | null;
  /** Granted scopes, deduplicated, in the policy's order. */
  scopes: string[];
  /** Canonical allowlist entries. */
  allowlist: string[];
  expiresAt: number | null;
}

/** Options of {@link validateCreateKeyInput}. */
export interface ValidateCreateKeyOptions {
  /** The engine clock's current time (epoch milliseconds), for the expiry check. */
  now: number;
  /** The permission model to check `preset`/`scopes` against. @default getDefaultPolicy() */
  policy?: Policy;
  /**
   * The engine's key prefix: a key pasted into any field is redacted to its display prefix in
   * issue messages and values. @default 'bye_'
   */
  prefix?: string;
}

/** The issues with anything that looks like a key cut to its display prefix. */
export function redactIssues(issues: FieldIssue[], prefix: string | undefined): FieldIssue[] {
  return issues.map((issue) => {
    const safe: FieldIssue = { ...issue, message: redactSecrets(issue.message, prefix) };
    if (issue.value !== undefined) safe.value = redactSecrets(issue.value, prefix);
    return safe;
  });
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function validatePermissions(
  input: CreateKeyInput,
  policy: Policy,
  issues: FieldIssue[],
): { preset: string | null; scopes: string[] } {
  if (given(input.preset) && given(input.scopes)) {
    issues.push(fieldIssue('preset', 'exclusive', 'give a preset or a list of scopes, not both'));
    return { preset: null, scopes: [] };
  }
  if (given(input.preset)) {
    const preset = typeof input.preset === 'string' ? policy.presetById(input.preset) : undefined;
    if (preset === undefined) {
      const ids = policy.presets.map((p) => p.id).join(', ');
      issues.push(
        fieldIssue(
          'preset',
          'unknown_preset',
          `unknown preset ${JSON.stringify(input.preset)} (one of ${ids})`,
        ),
      );
      return { preset: null, scopes: [] };
    }
    return { preset: preset.id, scopes: [...preset.scopes] };
  }
  if (!given(input.scopes)) {
    issues.push(fieldIssue('preset', 'required', 'choose a preset or give a list of scopes'));
    return { preset: null, scopes: [] };
  }
  if (!Array.isArray(input.scopes)) {
    issues.push(fieldIssue('scopes', 'invalid', 'expected a list of scopes'));
    return { preset: null, scopes: [] };
  }
  const wanted = new Set<string>();
  input.scopes.forEach((scope: unknown, index) => {
    if (typeof scope === 'string' && policy.scopes.includes(scope)) {
      wanted.add(scope);
      return;
    }
    const value = String(scope);
    issues.push(
      fieldIssue('scopes', 'unknown_scope', `unknown scope ${JSON.stringify(value)}`, {
        index,
        value,
      }),
    );
  });
  if (input.scopes.length === 0)
    issues.push(fieldIssue('scopes', 'required', 'give at least one scope'));
  return { preset: null, scopes: policy.scopes.filter((scope) => wanted.has(scope)) };
}

/**
 * Validates a key creation and collects every issue (fields `name`, `preset` or `scopes`,
 * `allowlist`, `expiresAt`). Exactly one of `preset` and `scopes` must be given; scopes must be
 * known to the policy and are deduplicated. Without `policy`, BabySea's default is used.
 * Issues never echo a key: one pasted into a field comes back as its display prefix + `...`.
 *
 * @example
 * validateCreateKeyInput({ name: 'prod-api-worker', preset: 'read-only' }, { now: Date.now() });
 * // { ok: true, value: { name: 'prod-api-worker', preset: 'read-only',
 * //   scopes: ['generation:read', 'account:read', 'health:read', 'library:read'], allowlist: [], expiresAt: null } }
 */
export function validateCreateKeyInput(
  input: CreateKeyInput,
  options: ValidateCreateKeyOptions,
): Result<ValidCreateKeyInput> {
  const source: CreateKeyInput =
    typeof input === 'object' && input !== null ? input : { name: undefined };
  const issues: FieldIssue[] = [];
  const name = validateName(source.name);
  if (!name.ok) issues.push(...name.issues);
  const permissions = validatePermissions(source, options.policy ?? getDefaultPolicy(), issues);
  // Both parsers refuse values of the wrong type themselves (rule 'invalid').
  const allowlist = parseIpAllowlist(source.allowlist as string | readonly string[] | null);
  if (!allowlist.ok) issues.push(...allowlist.issues);
  const expiresAt = validateExpiry(source.expiresAt as Date | number | string | null, options.now);
  if (!expiresAt.ok) issues.push(...expiresAt.issues);

  if (!name.ok || !allowlist.ok || !expiresAt.ok || issues.length > 0) {
    return { ok: false, issues: redactIssues(issues, options.prefix) };
  }
  return {
    ok: true,
    value: {
      name: name.value,
      preset: permissions.preset,
      scopes: permissions.scopes,
      allowlist: allowlist.value,
      expiresAt: expiresAt.value,
    },
  };
}
