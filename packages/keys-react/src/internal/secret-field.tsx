import { useEffect, useId, useRef, useState } from 'react';
import type { ApiKeysLabels } from '../labels.js';
import type { UsageSnippet } from '../usage-snippets.js';
import { cx } from './cx.js';
import { maskSecret } from './mask.js';
import { SnippetTabs } from './snippet-tabs.js';
import { useCopy } from './use-copy.js';

/** Whether the secret is on screen. */
export type SecretVisibility = 'hidden' | 'shown';

interface SecretFieldProps {
  /** The secret: a prop only, never copied into this component's state. */
  secret: string;
  /** The field's label, e.g. `API key` or `New API key`. */
  label: string;
  labels: ApiKeysLabels;
  snippets: UsageSnippet[] | false;
  /** The key's scopes, so that the snippets call a route the key may call. */
  scopes?: readonly string[];
  className?: string;
}

/**
 * The view-once secret: masked until `Show value`, a copy button that says `Copied`, and when
 * the clipboard is refused, the value revealed and selected with a message to copy it by hand.
 * Shared by the View dialog and the rotation's success step.
 */
export function SecretField({
  secret,
  label,
  labels,
  snippets,
  scopes,
  className,
}: SecretFieldProps) {
  const [visibility, setVisibility] = useState<SecretVisibility>('hidden');
  const [copyState, copy] = useCopy();
  const valueRef = useRef<HTMLElement>(null);
  const id = useId();
  const shown = visibility === 'shown';

  useEffect(() => {
    // Fallback for a refused clipboard: select the key so that Ctrl+C copies it.
    if (copyState !== 'failed' || visibility !== 'shown' || !valueRef.current) return;
    const selection = globalThis.getSelection?.();
    if (!selection) return;
    const range = document.createRange();
    range.selectNodeContents(valueRef.current);
    selection.removeAllRanges();
    selection.addRange(range);
  }, [copyState, visibility]);

  const display = shown ? secret : maskSecret(secret);
  return (
    <div
      className={cx('bsk-secret', className)}
      data-slot="secret"
      data-state={shown ? 'shown' : 'hidden'}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: a labelled group, not a form fieldset */}
      <div role="group" aria-labelledby={`${id}-label`} className="bsk-secret-field">
        <span id={`${id}-label`} className="bsk-label">
          {label}
        </span>
        <div className="bsk-secret-row">
          <code
            ref={valueRef}
            className="bsk-secret-value"
            data-slot="secret-value"
            data-state={shown ? 'shown' : 'hidden'}
            aria-describedby={copyState === 'failed' ? `${id}-fallback` : undefined}
          >
            {display}
          </code>
          <button
            type="button"
            className="bsk-button"
            data-variant="secondary"
            data-slot="secret-toggle"
            onClick={() => setVisibility(shown ? 'hidden' : 'shown')}
          >
            {shown ? labels.hideValue : labels.showValue}
          </button>
          <button
            type="button"
            className="bsk-button"
            data-variant="secondary"
            data-slot="copy-button"
            data-state={copyState}
            onClick={async () => {
              if ((await copy(secret)) === 'failed') setVisibility('shown');
            }}
          >
            {copyState === 'copied' ? labels.copied : labels.copy}
          </button>
        </div>
        <span role="status" className="bsk-sr-only">
          {copyState === 'copied' ? labels.copied : ''}
        </span>
        {copyState === 'failed' ? (
          <p id={`${id}-fallback`} role="alert" className="bsk-message" data-tone="warning">
            {labels.copyFailed}
          </p>
        ) : null}
      </div>
      {snippets && snippets.length > 0 ? (
        <SnippetTabs
          snippets={snippets}
          value={display}
          label={labels.usage}
          context={scopes ? { scopes } : undefined}
        />
      ) : null}
    </div>
  );
}
