import { useState } from 'react';
import { ConfirmForm } from './internal/confirm-form.js';
import { DialogShell, type DialogStateProps } from './internal/dialog-shell.js';
import { displayPrefix } from './internal/prefix.js';
import { useOpenState } from './internal/use-open-state.js';
import { type ApiKeysLabelsOverride, resolveLabels } from './labels.js';

/** Props of `DeleteApiKeyDialog`. */
export interface DeleteApiKeyDialogProps extends DialogStateProps {
  /** The name of the key, quoted in the consequence. */
  keyName: string;
  /**
   * The key's public prefix (`ApiKey.prefix`, e.g. `bye_a1B2c`), shown after the name as the
   * table shows it (`“prod-api-worker” (bye_a1B2c...)`): after a rotation two keys share the
   * name. Optional, but pass it whenever you have it.
   */
  keyPrefix?: string;
  /** Deletes the key. A rejection (`KeysError`) is shown in the dialog; success closes it. */
  onConfirm: () => unknown;
  /** Replaces some of the labels; see `DEFAULT_LABELS`. */
  labels?: ApiKeysLabelsOverride;
  /** Added to the root element's classes (the dialog content for dialogs). */
  className?: string;
}

/**
 * `Delete API key`: says that the key and all its request logs are removed permanently (the
 * audit trail keeps the event), then `Delete key` / `Cancel`.
 *
 * @example
 * ```tsx
 * <DeleteApiKeyDialog open={open} onOpenChange={setOpen} keyName={key.name}
 *   keyPrefix={key.prefix} onConfirm={() => client.delete(key.id)} />
 * ```
 */
export function DeleteApiKeyDialog(props: DeleteApiKeyDialogProps) {
  const labels = resolveLabels(props.labels);
  const [open, setOpen] = useOpenState(props);
  const [busy, setBusy] = useState(false);
  return (
    <DialogShell
      name="delete"
      open={open}
      onOpenChange={(next) => (!busy || next) && setOpen(next)}
      onCloseAutoFocus={props.onCloseAutoFocus}
      title={labels.deleteTitle}
      description={labels.deleteDescription(
        props.keyName,
        props.keyPrefix ? displayPrefix(props.keyPrefix) : undefined,
      )}
      className={props.className}
      busy={busy}
    >
      <ConfirmForm
        labels={labels}
        confirmLabel={labels.deleteConfirm}
        onConfirm={props.onConfirm}
        onBusyChange={setBusy}
        onDone={() => setOpen(false)}
      />
    </DialogShell>
  );
}
