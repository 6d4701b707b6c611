import { cx } from './internal/cx.js';
import { DialogClose, DialogShell, type DialogStateProps } from './internal/dialog-shell.js';
import { SecretField } from './internal/secret-field.js';
import { type ApiKeysLabelsOverride, resolveLabels } from './labels.js';
import { createUsageSnippets, type UsageSnippet } from './usage-snippets.js';

const DEFAULT_SNIPPETS = createUsageSnippets();

/** Props of `ViewApiKeyDialog`. */
export interface ViewApiKeyDialogProps extends DialogStateProps {
  /**
   * The new key's secret. The dialog keeps it nowhere but in this prop: clear it in `onDone`
   * and it is gone from the DOM and from React state.
   */
  secret: string | null;
  /** Called by `Done`, the only way to close the dialog. Clear the secret here. */
  onDone?: () => void;
  /** The key's scopes: the usage examples then call a route it may call. */
  scopes?: readonly string[];
  /** The usage examples, or `false` for none. @default createUsageSnippets() */
  snippets?: UsageSnippet[] | false;
  /** Replaces some of the labels; see `DEFAULT_LABELS`. */
  labels?: ApiKeysLabelsOverride;
  /** Added to the root element's classes (the dialog content for dialogs). */
  className?: string;
}

/**
 * `View API key`: the view-once secret after creation. Hidden until `Show value`, copy with a
 * visible `Copied`, a manual fallback when the clipboard is refused, usage snippets with the
 * key filled in, and `Done`. Escape and outside clicks do not close it, so the key cannot be
 * lost by accident.
 *
 * @example
 * ```tsx
 * const [secret, setSecret] = useState<string | null>(null);
 * <ViewApiKeyDialog open={secret !== null} secret={secret} onDone={() => setSecret(null)} />
 * ```
 */
export function ViewApiKeyDialog(props: ViewApiKeyDialogProps) {
  const labels = resolveLabels(props.labels);
  return (
    <DialogShell
      name="view"
      open={props.open}
      defaultOpen={props.defaultOpen}
      onOpenChange={props.onOpenChange}
      onCloseAutoFocus={props.onCloseAutoFocus}
      title={labels.viewTitle}
      description={labels.viewWarning}
      dismissible={false}
      className={cx('bsk-dialog-wide', props.className)}
    >
      {props.secret ? (
        <SecretField
          secret={props.secret}
          label={labels.secretLabel}
          labels={labels}
          snippets={props.snippets ?? DEFAULT_SNIPPETS}
          scopes={props.scopes}
        />
      ) : null}
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
    </DialogShell>
  );
}
