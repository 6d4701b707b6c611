/**
 * The shape every validator returns: the cleaned value, or every problem found. User input
 * errors are data (the form renders them; the server re-runs the same checks), not exceptions.
 */
import type { FieldIssue } from '../errors/keys-error.js';

/** A validated value, or the issues that prevent it. */
export type Result<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * Builds one issue whose message is prefixed with its field, e.g. `name: at most 100 characters`.
 *
 * @example
 * fieldIssue('name', 'required', 'required'); // { field: 'name', rule: 'required', message: 'name: required' }
 */
export function fieldIssue(
  field: string,
  rule: string,
  text: string,
  extra?: Pick<FieldIssue, 'index' | 'value'>,
): FieldIssue {
  return { field, rule, message: `${field}: ${text}`, ...extra };
}

/** A failed result with a single issue. */
export function invalid<T>(field: string, rule: string, text: string): Result<T> {
  return { ok: false, issues: [fieldIssue(field, rule, text)] };
}
