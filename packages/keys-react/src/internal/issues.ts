import type { FieldIssue } from '@babysea/keys-core';
import { isKeysError } from '@babysea/keys-core';

/** The fields of the Add dialog that issues are shown next to. */
export type AddField = 'name' | 'preset' | 'allowlist' | 'expiresAt';

/** Issue messages per field, plus the form-level ones. */
export type FieldErrors = Partial<Record<AddField | 'form', string[]>>;

const FIELD_OF: Record<string, AddField> = {
  name: 'name',
  preset: 'preset',
  scopes: 'preset',
  allowlist: 'allowlist',
  expiresAt: 'expiresAt',
};

/** Groups issues by the field they belong to; unknown fields go to the form. */
export function groupIssues(issues: readonly FieldIssue[], into: FieldErrors = {}): FieldErrors {
  for (const issue of issues) {
    const field = FIELD_OF[issue.field] ?? 'form';
    // The engine's messages start with the field ("allowlist: entry 2 …"), which reads well
    // in a log but repeats the label next to the field.
    const message = issue.message.startsWith(`${issue.field}: `)
      ? issue.message.slice(issue.field.length + 2)
      : issue.message;
    into[field] = [...(into[field] ?? []), message.charAt(0).toUpperCase() + message.slice(1)];
  }
  return into;
}

/**
 * Turns what a failed call threw into field errors: a `KeysError` with issues goes next to
 * the fields, any other `KeysError` at the form level with its message, anything else as the
 * generic message (it may be a bug report, not something for the user).
 */
export function errorsFrom(error: unknown, generic: string): FieldErrors {
  if (isKeysError(error)) {
    if (error.issues.length > 0) return groupIssues(error.issues);
    return { form: [error.message] };
  }
  return { form: [generic] };
}

/** The message to show for a failed call outside a form (confirm dialogs, the page). */
export function messageOf(error: unknown, generic: string): string {
  return isKeysError(error) ? error.message : generic;
}
