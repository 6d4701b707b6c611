import type { FieldIssue, Preset } from '@babysea/keys-core';
import {
  countGraphemes,
  DEFAULT_PRESETS,
  MAX_NAME_LENGTH,
  parseIpAllowlist,
  validateExpiry,
  validateName,
} from '@babysea/keys-core';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { cx } from './internal/cx.js';
import { DialogClose, DialogShell, type DialogStateProps } from './internal/dialog-shell.js';
import { type AddField, errorsFrom, type FieldErrors, groupIssues } from './internal/issues.js';
import { useOpenState } from './internal/use-open-state.js';
import { type ApiKeysLabels, type ApiKeysLabelsOverride, resolveLabels } from './labels.js';

/** What the Add dialog submits once every field is valid (already normalised by the engine). */
export interface AddApiKeyValues {
  /** Trimmed name. */
  name: string;
  /** The chosen preset's id. */
  preset: string;
  /** Canonical allowlist entries; empty: any IP. */
  allowlist: string[];
  /** End of the chosen day (local time), epoch ms; `null`: never expires. */
  expiresAt: number | null;
}

/** Props of `AddApiKeyDialog`. */
export interface AddApiKeyDialogProps extends DialogStateProps {
  /**
   * Creates the key. Reject with a `KeysError` to show the server's answer: its issues next to
   * their fields, any other message at the form level. The dialog closes when it resolves.
   */
  onSubmit: (values: AddApiKeyValues) => unknown;
  /** The presets to choose from. @default DEFAULT_PRESETS */
  presets?: readonly Preset[];
  /** The preset selected at first. @default the first preset */
  defaultPreset?: string;
  /** Clock for the "not in the past" rule of the expiry. @default Date.now */
  now?: () => number;
  /** An element that opens the dialog, e.g. your own button. */
  trigger?: ReactNode;
  /** Replaces some of the labels; see `DEFAULT_LABELS`. */
  labels?: ApiKeysLabelsOverride;
  /** Added to the root element's classes (the dialog content for dialogs). */
  className?: string;
}

/**
 * `Add API key`: name (with a live counter), permission preset, optional IP allowlist and
 * expiry. Validates with the engine's own functions (the server runs the same), shows every
 * problem next to its field, and submits once: `Add` is busy and disabled until the answer.
 *
 * @example
 * ```tsx
 * <AddApiKeyDialog open={open} onOpenChange={setOpen} onSubmit={async (v) => show(await client.create(v))} />
 * ```
 */
export function AddApiKeyDialog(props: AddApiKeyDialogProps) {
  const labels = resolveLabels(props.labels);
  const [open, setOpen] = useOpenState(props);
  const [busy, setBusy] = useState(false);
  return (
    <DialogShell
      name="add"
      open={open}
      onOpenChange={(next) => {
        // A submit in flight finishes before the dialog can close.
        if (!busy || next) setOpen(next);
      }}
      trigger={props.trigger}
      onCloseAutoFocus={props.onCloseAutoFocus}
      title={labels.addTitle}
      description={labels.addDescription}
      className={props.className}
      busy={busy}
    >
      <AddApiKeyForm
        {...props}
        labels={labels}
        onBusyChange={setBusy}
        onDone={() => setOpen(false)}
      />
    </DialogShell>
  );
}

// ---------------------------------------------------------------------------------------
// The form: mounted with the dialog's content, so that closing resets it.
// ---------------------------------------------------------------------------------------

interface FormProps extends Omit<AddApiKeyDialogProps, 'labels'> {
  labels: ApiKeysLabels;
  onBusyChange: (busy: boolean) => void;
  onDone: () => void;
}

/** `YYYY-MM-DD` from a date input → the last millisecond of that day, local time. */
function endOfDay(value: string): number | string {
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return value;
  return new Date(y, m - 1, d, 23, 59, 59, 999).getTime();
}

function today(now: number): string {
  const date = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

interface Draft {
  name: string;
  preset: string;
  allowlist: string;
  expiry: string;
}

function validate(
  draft: Draft,
  presets: readonly Preset[],
  now: number,
): { ok: true; value: AddApiKeyValues } | { ok: false; errors: FieldErrors } {
  const issues: FieldIssue[] = [];
  const name = validateName(draft.name);
  if (!name.ok) issues.push(...name.issues);
  const allowlist = parseIpAllowlist(draft.allowlist);
  if (!allowlist.ok) issues.push(...allowlist.issues);
  const expiry = validateExpiry(draft.expiry ? endOfDay(draft.expiry) : null, now);
  if (!expiry.ok) issues.push(...expiry.issues);
  if (!presets.some((p) => p.id === draft.preset)) {
    issues.push({ field: 'preset', rule: 'required', message: 'Choose the permissions.' });
  }
  if (!name.ok || !allowlist.ok || !expiry.ok || issues.length > 0) {
    return { ok: false, errors: groupIssues(issues) };
  }
  return {
    ok: true,
    value: {
      name: name.value,
      preset: draft.preset,
      allowlist: allowlist.value,
      expiresAt: expiry.value,
    },
  };
}

const ORDER: AddField[] = ['name', 'preset', 'allowlist', 'expiresAt'];

function AddApiKeyForm(props: FormProps) {
  const { labels } = props;
  const presets = props.presets ?? DEFAULT_PRESETS;
  const now = props.now ?? Date.now;
  const id = useId();
  const [draft, setDraft] = useState<Draft>({
    name: '',
    preset: props.defaultPreset ?? presets[0]?.id ?? '',
    allowlist: '',
    expiry: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  // A ref, not state: two clicks in the same frame both see the state from before the first.
  const inFlight = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (attempted) {
      const result = validate(next, presets, now());
      setErrors(result.ok ? {} : result.errors);
    }
  };

  const focusFirstInvalid = (found: FieldErrors) => {
    const first = ORDER.find((field) => found[field]?.length);
    if (!first) return;
    const target = formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`);
    target?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    setAttempted(true);
    const result = validate(draft, presets, now());
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstInvalid(result.errors);
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    props.onBusyChange(true);
    setErrors({});
    try {
      await props.onSubmit(result.value);
      props.onBusyChange(false);
      props.onDone();
    } catch (error) {
      const found = errorsFrom(error, labels.genericError);
      setErrors(found);
      focusFirstInvalid(found);
      props.onBusyChange(false);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const count = countGraphemes(draft.name.trim());
  // aria-invalid + aria-describedby (help text, then the errors) for one field's control.
  const aria = (field: AddField, ...describedBy: string[]) => {
    const invalid = Boolean(errors[field]?.length);
    if (invalid) describedBy.push(`${id}-${field}-error`);
    return {
      'data-field': field,
      'aria-invalid': invalid || undefined,
      'aria-describedby': describedBy.join(' ') || undefined,
    };
  };

  return (
    <form ref={formRef} className="bsk-form" data-slot="add-form" noValidate onSubmit={onSubmit}>
      <Field id={id} field="name" errors={errors}>
        <div className="bsk-field-top">
          <label htmlFor={`${id}-name`} className="bsk-label">
            {labels.name}
          </label>
          <span
            id={`${id}-counter`}
            className="bsk-counter"
            data-slot="counter"
            data-state={count > MAX_NAME_LENGTH ? 'over' : 'ok'}
          >
            {labels.nameCounter(count, MAX_NAME_LENGTH)}
          </span>
        </div>
        <input
          id={`${id}-name`}
          className="bsk-input"
          autoComplete="off"
          placeholder={labels.namePlaceholder}
          value={draft.name}
          onChange={(e) => update({ name: e.target.value })}
          {...aria('name', `${id}-counter`)}
        />
      </Field>

      <Field id={id} field="preset" errors={errors} fieldset>
        <legend className="bsk-label">{labels.permissions}</legend>
        <div className="bsk-radio-group" data-slot="presets">
          {presets.map((preset, index) => {
            const key = `${id}-preset-${preset.id}`;
            const checked = draft.preset === preset.id;
            return (
              <label
                key={preset.id}
                className="bsk-radio-card"
                data-state={checked ? 'checked' : 'unchecked'}
              >
                <input
                  type="radio"
                  name={`${id}-preset`}
                  value={preset.id}
                  data-field={index === 0 ? 'preset' : undefined}
                  checked={checked}
                  onChange={() => update({ preset: preset.id })}
                  aria-labelledby={`${key}-label`}
                  aria-describedby={key}
                  className="bsk-radio"
                />
                <span className="bsk-radio-text">
                  <span id={`${key}-label`} className="bsk-radio-label">
                    {preset.label}
                  </span>
                  <span id={key} className="bsk-radio-description">
                    {preset.description}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </Field>

      <Field
        id={id}
        field="allowlist"
        errors={errors}
        label={labels.allowlist}
        help={labels.allowlistHelp}
      >
        <textarea
          id={`${id}-allowlist`}
          className="bsk-input bsk-textarea"
          rows={2}
          spellCheck={false}
          placeholder={labels.allowlistPlaceholder}
          value={draft.allowlist}
          onChange={(e) => update({ allowlist: e.target.value })}
          {...aria('allowlist', `${id}-allowlist-help`)}
        />
      </Field>

      <Field
        id={id}
        field="expiresAt"
        errors={errors}
        label={labels.expiration}
        help={labels.expirationHelp}
      >
        <input
          id={`${id}-expiresAt`}
          type="date"
          className="bsk-input bsk-date"
          min={today(now())}
          value={draft.expiry}
          onChange={(e) => update({ expiry: e.target.value })}
          {...aria('expiresAt', `${id}-expiresAt-help`)}
        />
      </Field>

      <FieldError id={`${id}-form-error`} messages={errors.form} tone="form" />

      <div className="bsk-dialog-footer" data-slot="dialog-footer">
        <DialogClose asChild>
          <button
            type="button"
            className="bsk-button"
            data-variant="secondary"
            disabled={submitting}
          >
            {labels.cancel}
          </button>
        </DialogClose>
        <button
          type="submit"
          className="bsk-button"
          data-variant="primary"
          data-state={submitting ? 'submitting' : 'idle'}
          aria-busy={submitting || undefined}
          disabled={submitting}
        >
          {submitting ? <span className="bsk-spinner" aria-hidden="true" /> : null}
          {labels.add}
        </button>
      </div>
    </form>
  );
}

/**
 * One field: its wrapper (a fieldset for radio groups), optional label and help text with the
 * ids the control's aria-describedby points at, and its errors.
 */
function Field(props: {
  id: string;
  field: AddField;
  errors: FieldErrors;
  fieldset?: boolean;
  label?: string;
  help?: string;
  children: ReactNode;
}) {
  const { id, field } = props;
  const messages = props.errors[field];
  const Wrapper = props.fieldset ? 'fieldset' : 'div';
  return (
    <Wrapper
      className={cx('bsk-field', props.fieldset && 'bsk-fieldset')}
      data-slot="field"
      data-invalid={messages?.length ? '' : undefined}
      aria-describedby={props.fieldset && messages?.length ? `${id}-${field}-error` : undefined}
    >
      {props.label ? (
        <label htmlFor={`${id}-${field}`} className="bsk-label">
          {props.label}
        </label>
      ) : null}
      {props.children}
      {props.help ? (
        <p id={`${id}-${field}-help`} className="bsk-help">
          {props.help}
        </p>
      ) : null}
      <FieldError id={`${id}-${field}-error`} messages={messages} />
    </Wrapper>
  );
}

/** Errors of one field, announced when they appear. */
function FieldError(props: { id: string; messages: string[] | undefined; tone?: 'form' }) {
  if (!props.messages?.length) return null;
  return (
    <div
      id={props.id}
      role="alert"
      className={cx('bsk-error', props.tone === 'form' && 'bsk-form-error')}
      data-slot={props.tone === 'form' ? 'form-error' : 'field-error'}
    >
      {props.messages.length === 1 ? (
        props.messages[0]
      ) : (
        <ul>
          {props.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
