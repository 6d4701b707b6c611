import { useState } from 'react';
import type { ApiKeysLabels } from '../labels.js';

/** One entry as is; several: the first and a `+N` button revealing all; none: a dash. */
export function AllowlistCell({
  entries,
  labels,
}: {
  entries: readonly string[];
  labels: ApiKeysLabels;
}) {
  const [state, setState] = useState<'collapsed' | 'expanded'>('collapsed');
  if (entries.length === 0) {
    return (
      <span className="bsk-muted" data-slot="allowlist" data-state="empty">
        {labels.noAllowlist}
      </span>
    );
  }
  const [first, ...rest] = entries;
  if (rest.length === 0 || state === 'expanded') {
    return (
      <span className="bsk-allowlist" data-slot="allowlist" data-state={state}>
        <span className="bsk-allowlist-entries">
          {entries.map((entry) => (
            <code key={entry} className="bsk-mono">
              {entry}
            </code>
          ))}
        </span>
        {rest.length > 0 ? (
          <button
            type="button"
            className="bsk-link"
            aria-expanded="true"
            onClick={() => setState('collapsed')}
          >
            {labels.allowlistShowLess}
          </button>
        ) : null}
      </span>
    );
  }
  return (
    <span className="bsk-allowlist" data-slot="allowlist" data-state={state}>
      <code className="bsk-mono">{first}</code>
      <button
        type="button"
        className="bsk-more"
        aria-expanded="false"
        aria-label={labels.allowlistShowAll(rest.length)}
        title={rest.join(', ')}
        onClick={() => setState('expanded')}
      >
        {labels.allowlistMore(rest.length)}
      </button>
    </span>
  );
}
