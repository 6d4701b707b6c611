import { type KeyboardEvent, useId, useRef, useState } from 'react';
import type { UsageSnippet, UsageSnippetContext } from '../usage-snippets.js';

interface SnippetTabsProps {
  snippets: UsageSnippet[];
  /** The key to fill in: the real one when shown, the masked one when hidden. */
  value: string;
  label: string;
  /** What the snippets may know about the key (its scopes). */
  context?: UsageSnippetContext;
}

/** WAI-ARIA tabs (automatic activation, arrow keys, Home/End) over the usage snippets. */
export function SnippetTabs({ snippets, value, label, context }: SnippetTabsProps) {
  const [selected, setSelected] = useState(0);
  const id = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const current = snippets[selected] ?? snippets[0];
  if (!current) return null;

  const select = (index: number) => {
    const next = (index + snippets.length) % snippets.length;
    setSelected(next);
    tabs.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowRight: selected + 1,
      ArrowLeft: selected - 1,
      Home: 0,
      End: snippets.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(target);
  };

  return (
    <section className="bsk-snippets" data-slot="snippets" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="bsk-snippets-heading">
        {label}
      </h3>
      <div role="tablist" aria-label={label} className="bsk-tablist" onKeyDown={onKeyDown}>
        {snippets.map((snippet, index) => (
          <button
            key={snippet.id}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${snippet.id}`}
            aria-selected={index === selected}
            aria-controls={`${id}-panel`}
            tabIndex={index === selected ? 0 : -1}
            data-state={index === selected ? 'active' : 'inactive'}
            className="bsk-tab"
            onClick={() => setSelected(index)}
          >
            {snippet.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${current.id}`}
        className="bsk-tabpanel"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the tab panel is scrollable code
        tabIndex={0}
      >
        <pre className="bsk-code" data-language={current.id}>
          <code>{current.code(value, context)}</code>
        </pre>
      </div>
    </section>
  );
}
