/**
 * The management API's contract, as keys-react speaks it. Declared once, in
 * `@babysea/keys-core/http` (the server's handler answers exactly these shapes); re-exported
 * here under the names keys-react has always used.
 */
export type {
  CreatedApiKey,
  CreateKeyRequest as CreateApiKeyInput,
  KeysClient,
  PageOptions,
  PresetsInfo,
  RotatedApiKey,
} from '@babysea/keys-core/http';
