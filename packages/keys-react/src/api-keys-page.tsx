import type { Role } from '@babysea/keys-core';
import { canManageKeys } from '@babysea/keys-core';
import { type ReactNode, useDeferredValue, useId, useRef, useState } from 'react';
import { AddApiKeyDialog } from './add-api-key-dialog.js';
import { ApiKeysTable } from './api-keys-table.js';
import { cx } from './internal/cx.js';
import { messageOf } from './internal/issues.js';
import { displayPrefix } from './internal/prefix.js';
import type { KeysClient } from './keys-client.js';
import { type ApiKeysLabelsOverride, resolveLabels } from './labels.js';
import type { UsageSnippet } from './usage-snippets.js';
import { useApiKeys } from './use-api-keys.js';
import { ViewApiKeyDialog } from './view-api-key-dialog.js';

/** Props of `ApiKeysPage`. */
export interface ApiKeysPageProps {
  /** Where keys come from: `createHttpKeysClient('/api')`, or any `KeysClient`. */
  client: KeysClient;
  /**
   * The viewer's role. Members see every action disabled, with the reason; the server refuses
   * them anyway. @default 'owner'
   */
  role?: Role;
  /** Usage examples in `View API key`, or `false`. @default createUsageSnippets() */
  snippets?: UsageSnippet[] | false;
  /** Clock for relative times and the expiry rule. @default Date.now */
  now?: () => number;
  /** Locale of dates and relative times. @default the browser's */
  locale?: string;
  /** Replaces some of the labels; see `DEFAULT_LABELS`. */
  labels?: ApiKeysLabelsOverride;
  /** Added to the root element's classes (the dialog content for dialogs). */
  className?: string;
}

/**
 * The whole `API keys` page (PRODUCT.md §7): title, `Create API key`, search, the table with
 * its row actions, every dialog, and the loading, empty and error states.
 *
 * @example
 * ```tsx
 * import { ApiKeysPage, createHttpKeysClient } from '@babysea/keys-react';
 * import '@babysea/keys-react/styles.css';
 *
 * const client = createHttpKeysClient('/api');
 * export const KeysRoute = () => <ApiKeysPage client={client} role={user.role} />;
 * ```
 */
export function ApiKeysPage(props: ApiKeysPageProps) {
  const labels = resolveLabels(props.labels);
  const api = useApiKeys(props.client);
  const role = props.role ?? 'owner';
  const canManage = canManageKeys(role);
  const id = useId();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [addOpen, setAddOpen] = useState(false);
  // The new key's secret: here only, cleared by `Done` of the View dialog.
  const [secret, setSecret] = useState<string | null>(null);
  // Its scopes, so that the View dialog's examples call a route the new key may call.
  const [secretScopes, setSecretScopes] = useState<readonly string[]>();
  const now = props.now ?? Date.now;
  const createButton = useRef<HTMLButtonElement>(null);
  // The Add and View dialogs have no Dialog.Trigger: focus goes back to `Create API key`.
  const focusCreate = (event: Event) => {
    event.preventDefault();
    createButton.current?.focus();
  };

  const needle = deferredQuery.trim().toLowerCase();
  const visible = needle
    ? api.keys.filter(
        (key) =>
          key.name.toLowerCase().includes(needle) ||
          displayPrefix(key.prefix).toLowerCase().includes(needle),
      )
    : api.keys;

  let empty: ReactNode;
  if (api.status === 'loading' && api.keys.length === 0) {
    empty = (
      <div className="bsk-state" role="status" data-slot="loading">
        <span className="bsk-spinner" aria-hidden="true" />
        {labels.loading}
      </div>
    );
  } else if (api.status === 'error') {
    empty = (
      <div className="bsk-state" data-slot="error">
        <div role="alert">
          <p className="bsk-empty-title">{labels.loadError}</p>
          <p className="bsk-muted">{messageOf(api.error, labels.genericError)}</p>
        </div>
        <button
          type="button"
          className="bsk-button"
          data-variant="secondary"
          onClick={() => void api.refresh()}
        >
          {labels.retry}
        </button>
      </div>
    );
  } else if (needle && api.keys.length > 0) {
    empty = (
      <div className="bsk-state" data-slot="no-matches">
        <p className="bsk-muted">{labels.noMatches(deferredQuery.trim())}</p>
      </div>
    );
  } else {
    empty = (
      <div className="bsk-state" data-slot="empty">
        <p className="bsk-empty-title">{labels.emptyTitle}</p>
        <p className="bsk-muted">
          {canManage ? labels.emptyDescription : labels.emptyDescriptionMember}
        </p>
      </div>
    );
  }

  return (
    <section
      className={cx('bsk-page', props.className)}
      data-slot="page"
      data-state={api.status}
      aria-labelledby={`${id}-title`}
    >
      <header className="bsk-page-header" data-slot="page-header">
        <div>
          <h1 id={`${id}-title`} className="bsk-page-title">
            {labels.pageTitle}
          </h1>
          <p className="bsk-page-description">{labels.pageDescription}</p>
        </div>
        <button
          ref={createButton}
          type="button"
          className="bsk-button"
          data-variant="primary"
          data-slot="create-button"
          aria-disabled={canManage ? undefined : true}
          aria-describedby={canManage ? undefined : `${id}-reason`}
          onClick={canManage ? () => setAddOpen(true) : undefined}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path
              d="M8 3v10M3 8h10"
              stroke="currentColor"
              strokeWidth="1.75"
              strokeLinecap="round"
            />
          </svg>
          {labels.createKey}
        </button>
      </header>
      {canManage ? null : (
        <p id={`${id}-reason`} className="bsk-notice" data-slot="member-notice">
          {labels.memberReason}
        </p>
      )}
      <div className="bsk-toolbar" data-slot="toolbar">
        <input
          type="search"
          className="bsk-input bsk-search"
          placeholder={labels.search}
          aria-label={labels.search}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <ApiKeysTable
        keys={api.status === 'error' ? [] : visible}
        role={role}
        now={now()}
        locale={props.locale}
        labels={props.labels}
        empty={empty}
        graceHours={api.presets?.graceHours}
        defaultGraceHours={api.presets?.defaultGraceHours}
        onRotate={(key, graceHours) => api.rotate(key.id, graceHours)}
        onRevoke={(key) => api.revoke(key.id)}
        onDelete={(key) => api.remove(key.id)}
      />
      <AddApiKeyDialog
        open={addOpen}
        onOpenChange={setAddOpen}
        onCloseAutoFocus={(event) => {
          // Closing Add because the key was created: View opens and takes focus instead.
          if (secret === null) focusCreate(event);
          else event.preventDefault();
        }}
        presets={api.presets?.presets}
        now={now}
        labels={props.labels}
        onSubmit={async (values) => {
          const created = await api.create(values);
          setSecretScopes(created.key.scopes);
          setSecret(created.secret);
        }}
      />
      <ViewApiKeyDialog
        open={secret !== null}
        secret={secret}
        scopes={secretScopes}
        snippets={props.snippets}
        labels={props.labels}
        onCloseAutoFocus={focusCreate}
        onDone={() => setSecret(null)}
      />
    </section>
  );
}
