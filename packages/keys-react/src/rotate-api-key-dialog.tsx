import { DEFAULT_GRACE_HOURS, GRACE_HOURS } from '@babysea/keys-core';
import { useId, useState } from 'react';
import { ConfirmForm } from './internal/confirm-form.js';
import { cx } from './internal/cx.js';
import { DialogClose, DialogShell, type DialogStateProps } from './internal/dialog-shell.js';
import { displayPrefix } from './internal/prefix.js';
import { SecretField } from './internal/secret-field.js';
import { useOpenState } from './internal/use-open-state.js';
import { type ApiKeysLabelsOverride, resolveLabels } from './labels.js';
import type { UsageSnippet } from './usage-snippets.js';

/** Props of `RotateApiKeyDialog`. */
export interface RotateApiKeyDialogProps extends DialogStateProps {
  /** The name of the key being rotated. */
  keyName: string;
  /**
   * The key's public prefix (`ApiKey.prefix`, e.g. `bye_a1B2c`), shown after the name as the
   * table shows it (`“prod-api-worker” (bye_a1B2c...)`): after a rotation two keys share the
   * name. Optional, but pass it whenever you have it.
   */
  keyPrefix?: string;
  /**
   * Rotates the key with the chosen grace (hours). Put the replacement's secret in `secret`
   * when it resolves; a rejection (`KeysError`) is shown in the dialog.
   */
  onConfirm: (graceHours: number) => unknown;
  /**
   * The replacement's secret. While it is set the dialog shows `Key rotated successfully`
   * and only `Done` closes it; clear it in `onDone`.
   */
  secret: string | null;
  /** Called by `Done` on the success step. */
  onDone?: () => void;
  /** The grace periods offered, in hours. @default GRACE_HOURS (1, 6, 12, 24, 48, 72, 168) */
  graceHours?: readonly number[];
  /** @default DEFAULT_GRACE_HOURS (24) */
  defaultGraceHours?: number;
  /** Usage examples on the success step, or `false`. @default false */
  snippets?: UsageSnippet[] | false;
  /** Replaces some of the labels; see `DEFAULT_LABELS`. */
  labels?: ApiKeysLabelsOverride;
  /** Added to the root element's classes (the dialog content for dialogs). */
  className?: string;
}

/**
 * `Rotate API key`: choose the `Grace period` and `Rotate key`; then, on the same dialog,
 * `Key rotated successfully` with the `New API key` behind the same show/hide/copy controls
 * as `View API key`, and `Done`.
 *
 * @example
 * ```tsx
 * const [secret, setSecret] = useState<string | null>(null);
 * <RotateApiKeyDialog
 *   open={open}
 *   onOpenChange={setOpen}
 *   keyName={key.name}
 *   keyPrefix={key.prefix}
 *   secret={secret}
 *   onConfirm={async (graceHours) => setSecret((await client.rotate(key.id, { graceHours })).secret)}
 *   onDone={() => setSecret(null)}
 * />
 * ```
 */
export function RotateApiKeyDialog(props: RotateApiKeyDialogProps) {
  const labels = resolveLabels(props.labels);
  const [open, setOpen] = useOpenState(props);
  const [busy, setBusy] = useState(false);
  const [grace, setGrace] = useState(props.defaultGraceHours ?? DEFAULT_GRACE_HOURS);
  const id = useId();
  const options = props.graceHours ?? GRACE_HOURS;
  const success = props.secret !== null && props.secret !== '';

  return (
    <DialogShell
      name="rotate"
      open={open}
      onOpenChange={(next) => (!busy || next) && setOpen(next)}
      onCloseAutoFocus={props.onCloseAutoFocus}
      title={success ? labels.rotatedTitle : labels.rotateTitle}
      description={
        success
          ? labels.rotatedDescription
          : labels.rotateDescription(
              props.keyName,
              props.keyPrefix ? displayPrefix(props.keyPrefix) : undefined,
            )
      }
      dismissible={!success}
      className={cx(success && 'bsk-dialog-wide', props.className)}
      busy={busy}
    >
      {success && props.secret ? (
        <>
          <SecretField
            secret={props.secret}
            label={labels.newKey}
            labels={labels}
            snippets={props.snippets ?? false}
          />
          <div className="bsk-dialog-footer" data-slot="dialog-footer">
            <DialogClose asChild>
              <button
                type="button"
                className="bsk-button"
                data-variant="primary"
                onClick={props.onDone}
              >
                {labels.done}
              </button>
            </DialogClose>
          </div>
        </>
      ) : (
        <ConfirmForm
          labels={labels}
          confirmLabel={labels.rotateConfirm}
          tone="primary"
          onConfirm={() => props.onConfirm(grace)}
          onBusyChange={setBusy}
          // Stay open: the parent sets `secret` and the success step takes over.
          onDone={() => undefined}
        >
          <div className="bsk-field" data-slot="field">
            <label htmlFor={`${id}-grace`} className="bsk-label">
              {labels.gracePeriod}
            </label>
            <select
              id={`${id}-grace`}
              className="bsk-input bsk-select"
              value={grace}
              onChange={(e) => setGrace(Number(e.target.value))}
              aria-describedby={`${id}-grace-help`}
            >
              {options.map((hours) => (
                <option key={hours} value={hours}>
                  {labels.graceOption(hours)}
                </option>
              ))}
            </select>
            <p id={`${id}-grace-help`} className="bsk-help">
              {labels.graceHelp}
            </p>
          </div>
        </ConfirmForm>
      )}
    </DialogShell>
  );
}
