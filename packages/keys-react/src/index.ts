export type { AddApiKeyDialogProps, AddApiKeyValues } from './add-api-key-dialog.js';
export { AddApiKeyDialog } from './add-api-key-dialog.js';
export type { ApiKeysPageProps } from './api-keys-page.js';
export { ApiKeysPage } from './api-keys-page.js';
export type { ApiKeysTableProps } from './api-keys-table.js';
export { ApiKeysTable } from './api-keys-table.js';
export type { DeleteApiKeyDialogProps } from './delete-api-key-dialog.js';
export { DeleteApiKeyDialog } from './delete-api-key-dialog.js';
export type { HttpKeysClientInit } from './http-client.js';
export { createHttpKeysClient } from './http-client.js';
export type { DialogStateProps } from './internal/dialog-shell.js';
export type {
  CreateApiKeyInput,
  CreatedApiKey,
  KeysClient,
  PageOptions,
  PresetsInfo,
  RotatedApiKey,
} from './keys-client.js';
export type { ApiKeysLabels, ApiKeysLabelsOverride } from './labels.js';
export { DEFAULT_LABELS, resolveLabels } from './labels.js';
export type { RevokeApiKeyDialogProps } from './revoke-api-key-dialog.js';
export { RevokeApiKeyDialog } from './revoke-api-key-dialog.js';
export type { RotateApiKeyDialogProps } from './rotate-api-key-dialog.js';
export { RotateApiKeyDialog } from './rotate-api-key-dialog.js';
export type {
  SdkCall,
  UsageSnippet,
  UsageSnippetContext,
  UsageSnippetsOptions,
} from './usage-snippets.js';
export { createUsageSnippets, SDK_CALLS, sdkCallForScopes } from './usage-snippets.js';
export type { ApiKeysStatus, UseApiKeysOptions, UseApiKeysResult } from './use-api-keys.js';
export { useApiKeys } from './use-api-keys.js';
export type { ViewApiKeyDialogProps } from './view-api-key-dialog.js';
export { ViewApiKeyDialog } from './view-api-key-dialog.js';
