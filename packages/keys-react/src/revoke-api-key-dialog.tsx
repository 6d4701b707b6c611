import { useState } from 'react';
import { ConfirmForm } from './internal/confirm-form.js';
import { DialogShell, type DialogStateProps } from './internal/dialog-shell.js';
import { useOpenState } from './internal/use-open-state.js';
import { type ApiKeysLabelsOverride, resolveLabels } from './labels.js';

/** Props of `RevokeApiKeyDialog`. */
export interface RevokeApiKeyDialogProps extends DialogStateProps {
  /** The name of the key, quoted in the consequence. */
  keyName: string;
  /** Revokes the key. A rejection (`KeysError`) is shown in the dialog; success closes it. */
  onConfirm: () => unknown;
  /** Replaces some of the labels; see `DEFAULT_LABELS`. */
  labels?: ApiKeysLabelsOverride;
  /** Added to the root element's classes (the dialog content for dialogs). */
  className?: string;
}

/**
 * `Revoke API key`: says that revoking is immediate (the next request on every server is
 * refused) and final, then `Revoke key` / `Cancel`.
 *
 * @example
 * ```tsx
 * <RevokeApiKeyDialog open={open} onOpenChange={setOpen} keyName={key.name} onConfirm={() => client.revoke(key.id)} />
 * ```
 */
export function RevokeApiKeyDialog(props: RevokeApiKeyDialogProps) {
  const labels = resolveLabels(props.labels);
  const [open, setOpen] = useOpenState(props);
  const [busy, setBusy] = useState(false);
  return (
    <DialogShell
      name="revoke"
      open={open}
      onOpenChange={(next) => (!busy || next) && setOpen(next)}
      onCloseAutoFocus={props.onCloseAutoFocus}
      title={labels.revokeTitle}
      description={labels.revokeDescription(props.keyName)}
      className={props.className}
      busy={busy}
    >
      <ConfirmForm
        labels={labels}
        confirmLabel={labels.revokeConfirm}
        onConfirm={props.onConfirm}
        onBusyChange={setBusy}
        onDone={() => setOpen(false)}
      />
    </DialogShell>
  );
}
