import { useState } from 'react';
import { ConfirmForm } from './internal/confirm-form.js';
import { DialogShell, type DialogStateProps } from './internal/dialog-shell.js';
import { displayPrefix } from './internal/prefix.js';
import { useOpenState } from './internal/use-open-state.js';
import { type ApiKeysLabelsOverride, resolveLabels } from './labels.js';

/** Props of `RevokeApiKeyDialog`. */
export interface RevokeApiKeyDialogProps extends DialogStateProps {
  /** The name of the key, quoted in the consequence. */
  keyName: string;
  /**
   * The key's public prefix (`ApiKey.prefix`, e.g. `bye_a1B2c`), shown after the name as the
   * table shows it (`“prod-api-worker” (bye_a1B2c...)`): after a rotation two keys share the
   * name. Optional, but pass it whenever you have it.
   */
  keyPrefix?: string;
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
 * <RevokeApiKeyDialog open={open} onOpenChange={setOpen} keyName={key.name}
 *   keyPrefix={key.prefix} onConfirm={() => client.revoke(key.id)} />
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
      description={labels.revokeDescription(
        props.keyName,
        props.keyPrefix ? displayPrefix(props.keyPrefix) : undefined,
      )}
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
