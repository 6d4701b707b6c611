import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import type { ApiKeysLabels } from '../labels.js';
import { DialogClose } from './dialog-shell.js';
import { messageOf } from './issues.js';

interface ConfirmFormProps {
  labels: ApiKeysLabels;
  /** The confirming button's text, e.g. `Revoke key`. */
  confirmLabel: string;
  /** `danger` for destructive actions. */
  tone?: 'danger' | 'primary';
  /** Runs the action; a rejection is shown in the dialog, a resolution calls `onDone`. */
  onConfirm: () => Promise<unknown> | unknown;
  onBusyChange: (busy: boolean) => void;
  onDone: () => void;
  children?: ReactNode;
}

/**
 * The body of a confirm dialog: optional fields, an error line, `Cancel` and the confirming
 * button, which is busy (and ignores further clicks) until the action settles.
 */
export function ConfirmForm(props: ConfirmFormProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    props.onBusyChange(true);
    try {
      await props.onConfirm();
      props.onBusyChange(false);
      props.onDone();
    } catch (caught) {
      setError(messageOf(caught, props.labels.genericError));
      props.onBusyChange(false);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return (
    <form className="bsk-form" data-slot="confirm-form" onSubmit={onSubmit}>
      {props.children}
      {error ? (
        <div role="alert" className="bsk-error bsk-form-error" data-slot="form-error">
          {error}
        </div>
      ) : null}
      <div className="bsk-dialog-footer" data-slot="dialog-footer">
        <DialogClose asChild>
          <button type="button" className="bsk-button" data-variant="secondary" disabled={busy}>
            {props.labels.cancel}
          </button>
        </DialogClose>
        <button
          type="submit"
          className="bsk-button"
          data-variant={props.tone ?? 'danger'}
          data-state={busy ? 'submitting' : 'idle'}
          aria-busy={busy || undefined}
          disabled={busy}
        >
          {busy ? <span className="bsk-spinner" aria-hidden="true" /> : null}
          {props.confirmLabel}
        </button>
      </div>
    </form>
  );
}
