import type { ApiKey, Role } from '@babysea/keys-core';
import { canManageKeys } from '@babysea/keys-core';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { type ReactNode, useId, useRef, useState } from 'react';
import { DeleteApiKeyDialog } from './delete-api-key-dialog.js';
import { AllowlistCell } from './internal/allowlist-cell.js';
import { cx } from './internal/cx.js';
import { displayPrefix } from './internal/prefix.js';
import { formatDate, formatExact, formatRelative } from './internal/time.js';
import { type ApiKeysLabels, type ApiKeysLabelsOverride, resolveLabels } from './labels.js';
import { RevokeApiKeyDialog } from './revoke-api-key-dialog.js';
import { RotateApiKeyDialog } from './rotate-api-key-dialog.js';

/** Props of `ApiKeysTable`. */
export interface ApiKeysTableProps {
  keys: readonly ApiKey[];
  /** Members see the row actions disabled, with the reason. @default 'owner' */
  role?: Role;
  /** Rotates a key; resolve with the replacement's secret (shown once in the dialog). */
  onRotate?: (key: ApiKey, graceHours: number) => Promise<{ secret: string }>;
  /** Revokes a key. */
  onRevoke?: (key: ApiKey) => unknown;
  /** Deletes a key and its logs. */
  onDelete?: (key: ApiKey) => unknown;
  /** The time "Last used" is relative to, epoch ms. @default Date.now() at render */
  now?: number;
  /** Locale of dates and relative times. @default the browser's */
  locale?: string;
  /** Shown in place of the rows when `keys` is empty. @default `No data available` */
  empty?: ReactNode;
  /** Grace periods offered by the rotate dialog, in hours. */
  graceHours?: readonly number[];
  /** The grace period selected at first, in hours. @default 24 */
  defaultGraceHours?: number;
  /** Replaces some of the labels; see `DEFAULT_LABELS`. */
  labels?: ApiKeysLabelsOverride;
  /** Added to the root element's classes (the dialog content for dialogs). */
  className?: string;
}

type Action = 'rotate' | 'revoke' | 'delete';

/**
 * The keys table of PRODUCT.md §7 with its row menu (`Rotate` or the `Rotated` marker,
 * `Revoke`, `Delete`) and the confirm dialogs those open. The dialogs are siblings of the
 * menus and open only once the menu has closed (radix #1241: a modal dialog opened from inside
 * an open menu can leave `pointer-events: none` stuck on the body).
 *
 * @example
 * ```tsx
 * const { keys, rotate, revoke, remove } = useApiKeys(client);
 * <ApiKeysTable
 *   keys={keys}
 *   onRotate={(key, hours) => rotate(key.id, hours)}
 *   onRevoke={(key) => revoke(key.id)}
 *   onDelete={(key) => remove(key.id)}
 * />
 * ```
 */
export function ApiKeysTable(props: ApiKeysTableProps) {
  const labels = resolveLabels(props.labels);
  const now = props.now ?? Date.now();
  const canManage = canManageKeys(props.role ?? 'owner');
  const reasonId = useId();
  const [dialog, setDialog] = useState<{ action: Action; key: ApiKey } | null>(null);
  // The secret of a rotation lives here only, and is cleared by `Done`.
  const [rotatedSecret, setRotatedSecret] = useState<string | null>(null);
  const pending = useRef<{ action: Action; key: ApiKey } | null>(null);
  const wrap = useRef<HTMLDivElement>(null);

  const close = () => {
    setDialog(null);
    setRotatedSecret(null);
  };
  // The dialogs have no Dialog.Trigger: give focus back to the row's menu button on close.
  const returnFocus = (event: Event) => {
    const id = dialog?.key.id;
    const trigger = id
      ? wrap.current?.querySelector<HTMLElement>(`[data-key-id="${CSS.escape(id)}"]`)
      : null;
    if (!trigger) return;
    event.preventDefault();
    trigger.focus();
  };
  // Runs when the menu has unmounted and returned focus to its trigger: only now may a modal
  // dialog open (and it gives focus back to that trigger when it closes).
  const openAfterMenu = () => {
    if (!pending.current) return;
    setDialog(pending.current);
    pending.current = null;
  };

  const columns = [
    labels.columnName,
    labels.columnPrefix,
    labels.columnLastUsed,
    labels.columnCreated,
    labels.columnStatus,
    labels.columnAllowlist,
  ];

  return (
    <div ref={wrap} className={cx('bsk-table-wrap', props.className)} data-slot="table">
      <table className="bsk-table">
        <caption className="bsk-sr-only">{labels.tableCaption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col">
              <span className="bsk-sr-only">{labels.columnActions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.keys.length === 0 ? (
            <tr data-slot="empty-row">
              <td colSpan={7} className="bsk-empty-cell">
                {props.empty ?? <p className="bsk-empty-title">{labels.emptyTitle}</p>}
              </td>
            </tr>
          ) : (
            props.keys.map((key) => (
              <tr key={key.id} data-slot="row" data-status={key.status.toLowerCase()}>
                <th scope="row" className="bsk-name">
                  {key.name}
                </th>
                <td>
                  <code className="bsk-mono">{displayPrefix(key.prefix)}</code>
                </td>
                <td>
                  <LastUsed at={key.lastUsedAt} now={now} locale={props.locale} labels={labels} />
                </td>
                <td>
                  <time
                    dateTime={new Date(key.createdAt).toISOString()}
                    title={formatExact(key.createdAt, props.locale)}
                  >
                    {formatDate(key.createdAt, props.locale)}
                  </time>
                </td>
                <td>
                  <span
                    className="bsk-badge"
                    data-slot="status"
                    data-status={key.status.toLowerCase()}
                  >
                    {labels.status[key.status]}
                  </span>
                </td>
                <td>
                  <AllowlistCell entries={key.allowlist} labels={labels} />
                </td>
                <td className="bsk-actions-cell">
                  <RowMenu
                    apiKey={key}
                    labels={labels}
                    canManage={canManage}
                    reasonId={`${reasonId}-${key.id}`}
                    onCloseAutoFocus={openAfterMenu}
                    onChoose={(action) => {
                      pending.current = { action, key };
                    }}
                    has={{
                      rotate: Boolean(props.onRotate),
                      revoke: Boolean(props.onRevoke),
                      delete: Boolean(props.onDelete),
                    }}
                  />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      {/* ---- dialogs: siblings of the menus, never inside them ---- */}
      {dialog?.action === 'rotate' && props.onRotate ? (
        <RotateApiKeyDialog
          open
          onOpenChange={(open) => !open && close()}
          onCloseAutoFocus={returnFocus}
          keyName={dialog.key.name}
          keyPrefix={dialog.key.prefix}
          secret={rotatedSecret}
          graceHours={props.graceHours}
          defaultGraceHours={props.defaultGraceHours}
          labels={props.labels}
          onConfirm={async (graceHours) => {
            const { secret } = await props.onRotate!(dialog.key, graceHours);
            setRotatedSecret(secret);
          }}
          onDone={close}
        />
      ) : null}
      {dialog?.action === 'revoke' && props.onRevoke ? (
        <RevokeApiKeyDialog
          open
          onOpenChange={(open) => !open && close()}
          onCloseAutoFocus={returnFocus}
          keyName={dialog.key.name}
          keyPrefix={dialog.key.prefix}
          labels={props.labels}
          onConfirm={() => props.onRevoke!(dialog.key)}
        />
      ) : null}
      {dialog?.action === 'delete' && props.onDelete ? (
        <DeleteApiKeyDialog
          open
          onOpenChange={(open) => !open && close()}
          onCloseAutoFocus={returnFocus}
          keyName={dialog.key.name}
          keyPrefix={dialog.key.prefix}
          labels={props.labels}
          onConfirm={() => props.onDelete!(dialog.key)}
        />
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------

function LastUsed(props: {
  at: number | null;
  now: number;
  locale: string | undefined;
  labels: ApiKeysLabels;
}) {
  if (props.at === null) return <span className="bsk-muted">{props.labels.never}</span>;
  return (
    <time dateTime={new Date(props.at).toISOString()} title={formatExact(props.at, props.locale)}>
      {formatRelative(props.at, props.now, props.locale)}
    </time>
  );
}

interface RowMenuProps {
  apiKey: ApiKey;
  labels: ApiKeysLabels;
  canManage: boolean;
  reasonId: string;
  has: Record<Action, boolean>;
  onChoose: (action: Action) => void;
  onCloseAutoFocus: () => void;
}

function RowMenu({
  apiKey,
  labels,
  canManage,
  reasonId,
  has,
  onChoose,
  onCloseAutoFocus,
}: RowMenuProps) {
  const rotated = apiKey.status === 'Rotated';
  const item = (action: Action, label: string, enabled: boolean, tone?: 'danger') => (
    <Menu.Item
      className="bsk-menu-item"
      data-slot="menu-item"
      data-action={action}
      data-tone={tone}
      disabled={!canManage || !enabled || !has[action]}
      aria-describedby={canManage ? undefined : reasonId}
      onSelect={() => onChoose(action)}
    >
      {label}
    </Menu.Item>
  );
  return (
    // Not modal: a modal menu sets aria-hidden on the rest of the page while its buttons stay
    // focusable (axe: aria-hidden-focus) and disables pointer events on the body. A menu is not
    // a dialog: Tab leaves it, an outside click closes it (WAI-ARIA menu button pattern).
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>
        <button
          type="button"
          className="bsk-icon-button"
          data-slot="row-menu-trigger"
          data-key-id={apiKey.id}
          aria-label={labels.rowActions(apiKey.name)}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <circle cx="3" cy="8" r="1.5" fill="currentColor" />
            <circle cx="8" cy="8" r="1.5" fill="currentColor" />
            <circle cx="13" cy="8" r="1.5" fill="currentColor" />
          </svg>
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          className="bsk-menu"
          data-slot="menu"
          align="end"
          sideOffset={4}
          onCloseAutoFocus={onCloseAutoFocus}
        >
          {rotated
            ? item('rotate', labels.rotated, false)
            : item('rotate', labels.rotate, apiKey.status === 'Active')}
          {item(
            'revoke',
            labels.revoke,
            apiKey.status === 'Active' || apiKey.status === 'Rotated',
            'danger',
          )}
          <Menu.Separator className="bsk-menu-separator" />
          {item('delete', labels.delete, true, 'danger')}
          {canManage ? null : (
            <p id={reasonId} className="bsk-menu-note" data-slot="menu-note">
              {labels.memberReason}
            </p>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
