import type { KeyStatus } from '@babysea/keys-core';

/**
 * Every string the kit renders. The defaults are PRODUCT.md's labels word for word; pass a
 * partial object as `labels` to any component to translate or rename some of them.
 *
 * @example
 * ```tsx
 * <ApiKeysPage client={client} labels={{ pageTitle: 'Clés API', createKey: 'Créer une clé' }} />
 * ```
 */
export interface ApiKeysLabels {
  // ---- page ----------------------------------------------------------------------------
  pageTitle: string;
  pageDescription: string;
  createKey: string;
  search: string;
  loading: string;
  loadError: string;
  retry: string;
  emptyTitle: string;
  emptyDescription: string;
  emptyDescriptionMember: string;
  noMatches: (query: string) => string;
  memberReason: string;

  // ---- table ---------------------------------------------------------------------------
  tableCaption: string;
  columnName: string;
  columnPrefix: string;
  columnLastUsed: string;
  columnCreated: string;
  columnStatus: string;
  columnAllowlist: string;
  columnActions: string;
  never: string;
  noAllowlist: string;
  allowlistMore: (hidden: number) => string;
  allowlistShowAll: (hidden: number) => string;
  allowlistShowLess: string;
  rowActions: (name: string) => string;
  rotate: string;
  rotated: string;
  revoke: string;
  delete: string;
  status: Record<KeyStatus, string>;

  // ---- add dialog ----------------------------------------------------------------------
  addTitle: string;
  addDescription: string;
  name: string;
  namePlaceholder: string;
  nameCounter: (count: number, max: number) => string;
  permissions: string;
  allowlist: string;
  allowlistPlaceholder: string;
  allowlistHelp: string;
  expiration: string;
  expirationHelp: string;
  add: string;
  cancel: string;
  genericError: string;

  // ---- view dialog / secret ------------------------------------------------------------
  viewTitle: string;
  viewWarning: string;
  secretLabel: string;
  showValue: string;
  hideValue: string;
  copy: string;
  copied: string;
  copyFailed: string;
  usage: string;
  done: string;

  // ---- rotate dialog -------------------------------------------------------------------
  rotateTitle: string;
  /**
   * The confirm descriptions (rotate, revoke, delete) get the key's name and, when the dialog
   * was given `keyPrefix`, its display prefix as the table shows it (`bye_a1B2c...`): after a
   * rotation two keys share the name, and only the prefix tells them apart. The defaults read
   * `“prod-api-worker” (bye_a1B2c...)`.
   */
  rotateDescription: (name: string, prefix?: string) => string;
  gracePeriod: string;
  graceHelp: string;
  graceOption: (hours: number) => string;
  rotateConfirm: string;
  rotatedTitle: string;
  rotatedDescription: string;
  newKey: string;

  // ---- revoke / delete -----------------------------------------------------------------
  revokeTitle: string;
  /** See `rotateDescription`: `(name, prefix?)`. */
  revokeDescription: (name: string, prefix?: string) => string;
  revokeConfirm: string;
  deleteTitle: string;
  /** See `rotateDescription`: `(name, prefix?)`. */
  deleteDescription: (name: string, prefix?: string) => string;
  deleteConfirm: string;
}

function graceOption(hours: number): string {
  if (hours === 1) return '1 hour';
  if (hours % 24 === 0 && hours > 24) return `${hours} hours (${hours / 24} days)`;
  return `${hours} hours`;
}

/** `“prod-api-worker” (bye_a1B2c...)`, or just the quoted name when the prefix is unknown. */
function keyRef(name: string, prefix?: string): string {
  return prefix ? `“${name}” (${prefix})` : `“${name}”`;
}

/** The default, English labels (PRODUCT.md's exact UI strings). */
export const DEFAULT_LABELS: ApiKeysLabels = {
  pageTitle: 'API keys',
  pageDescription: 'Keys let your code call the API on behalf of this account.',
  createKey: 'Create API key',
  search: 'Search...',
  loading: 'Loading API keys…',
  loadError: 'The API keys could not be loaded.',
  retry: 'Retry',
  emptyTitle: 'No data available',
  emptyDescription: 'Create your first API key to start calling the API.',
  emptyDescriptionMember: 'Keys created by an owner of this account will appear here.',
  noMatches: (query) => `No API keys match “${query}”.`,
  memberReason: 'Only owners can create, rotate, revoke or delete API keys.',

  tableCaption: 'API keys',
  columnName: 'API name',
  columnPrefix: 'Prefix',
  columnLastUsed: 'Last used',
  columnCreated: 'Created',
  columnStatus: 'Status',
  columnAllowlist: 'IP allowlist',
  columnActions: 'Actions',
  never: 'Never',
  noAllowlist: '—',
  allowlistMore: (hidden) => `+${hidden}`,
  allowlistShowAll: (hidden) => `+${hidden} more IP addresses`,
  allowlistShowLess: 'Show less',
  rowActions: (name) => `Actions for ${name}`,
  rotate: 'Rotate',
  rotated: 'Rotated',
  revoke: 'Revoke',
  delete: 'Delete',
  status: { Active: 'Active', Rotated: 'Rotated', Expired: 'Expired', Revoked: 'Revoked' },

  addTitle: 'Add API key',
  addDescription: 'Name the key, choose what it may do, and optionally limit where it can be used.',
  name: 'Name',
  namePlaceholder: 'prod-api-worker',
  nameCounter: (count, max) => `${count}/${max}`,
  permissions: 'Permissions',
  allowlist: 'IP allowlist (optional)',
  allowlistPlaceholder: '203.0.113.10, 198.51.100.5, 2001:db8::1',
  allowlistHelp: 'Comma-separated IPs. Leave empty to allow all IPs.',
  expiration: 'Expiration (optional)',
  expirationHelp: 'The key stops working at the end of this day. Leave empty to never expire.',
  add: 'Add',
  cancel: 'Cancel',
  genericError: 'Something went wrong. Please try again.',

  viewTitle: 'View API key',
  viewWarning: 'You can only see this key once. Store it safely.',
  secretLabel: 'API key',
  showValue: 'Show value',
  hideValue: 'Hide value',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed:
    'Copying is blocked in this browser. The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
  usage: 'Use your key',
  done: 'Done',

  rotateTitle: 'Rotate API key',
  rotateDescription: (name, prefix) =>
    `A new key replaces ${keyRef(name, prefix)}. The old key keeps working until the grace period ends.`,
  gracePeriod: 'Grace period',
  graceHelp: 'How long the old key keeps working, never past its own expiry.',
  graceOption,
  rotateConfirm: 'Rotate key',
  rotatedTitle: 'Key rotated successfully',
  rotatedDescription: 'You can only see this key once. Store it safely.',
  newKey: 'New API key',

  revokeTitle: 'Revoke API key',
  revokeDescription: (name, prefix) =>
    `${keyRef(name, prefix)} stops working immediately, on every server. Revoking is final: the key cannot be re-enabled.`,
  revokeConfirm: 'Revoke key',
  deleteTitle: 'Delete API key',
  deleteDescription: (name, prefix) =>
    `${keyRef(name, prefix)} and all its request logs are removed permanently. The key stops working and this cannot be undone.`,
  deleteConfirm: 'Delete key',
};

/** What the `labels` prop accepts: any subset of the labels (and of the status names). */
export type ApiKeysLabelsOverride = Partial<Omit<ApiKeysLabels, 'status'>> & {
  status?: Partial<Record<KeyStatus, string>>;
};

/** Merges a partial override over the defaults (the `status` map is merged key by key). */
export function resolveLabels(labels?: ApiKeysLabelsOverride): ApiKeysLabels {
  if (!labels) return DEFAULT_LABELS;
  return {
    ...DEFAULT_LABELS,
    ...labels,
    status: { ...DEFAULT_LABELS.status, ...labels.status },
  };
}
