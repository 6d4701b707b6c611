/**
 * The management API's wire contract, declared once: what `createKeysHandler` answers, what
 * `@babysea/keys-react`'s HTTP client sends and reads, and what the OpenAPI document describes
 * (see `openapi.ts`, generated from `MANAGEMENT_ROUTES` and the schemas in `wire-schemas.ts`).
 * A new management route starts here, then fails `describeKeysClient` until every client
 * speaks it.
 */
import type { FieldIssue } from '../errors/keys-error.js';
import type { KeyPage, LogPage } from '../lifecycle/keys-api.js';
import type { Preset } from '../policy/index.js';
import type { ApiKey, AuditEvent, UsageLog } from '../types.js';
import type { AccountLogsParams, KeyPageParams } from './page-query.js';

export type { AccountLogsParams, KeyPage, KeyPageParams, LogPage };

/** `PATCH /keys/{id}` body: a new name and/or a new allowlist (at least one). */
export interface UpdateKeyRequest {
  name?: string;
  /** Normalised entries, or comma-separated text; empty: any IP. */
  allowlist?: string | string[];
}

/** Paging for logs and audit events, newest first (`?limit=&before=`). */
export interface PageOptions {
  /** At most this many rows, 1–1000 (the server's default is 100). */
  limit?: number;
  /** Only rows strictly older than this time (epoch ms). */
  before?: number;
}

/** `POST /keys` body: what the Add dialog sends. */
export interface CreateKeyRequest {
  name: string;
  /** A preset id (`full-access`, …). */
  preset?: string;
  /** A custom scope list, instead of `preset`. */
  scopes?: string[];
  /** Normalised entries, or the raw comma-separated text (the server parses it again). */
  allowlist?: string | string[];
  /** Epoch milliseconds or an ISO date; `null` or absent: never expires. */
  expiresAt?: number | string | null;
}

/** `POST /keys/{id}/rotate` body. */
export interface RotateKeyRequest {
  /** Hours the old key keeps working: 1, 6, 12, 24 (default), 48, 72 or 168. */
  graceHours?: number;
}

/** `201` of `POST /keys`: the new key and its secret, shown once. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

/** `201` of `POST /keys/{id}/rotate`: the replacement, its secret (once) and the old key. */
export interface RotatedApiKey {
  key: ApiKey;
  secret: string;
  previous: ApiKey;
}

/**
 * `GET /presets`: the data the Add and Rotate dialogs and the usage snippets are built from,
 * so a product's own scopes and presets (`createKeys({ scopes, presets })`) reach the UI
 * without code.
 */
export interface PresetsInfo {
  presets: Preset[];
  scopes: string[];
  graceHours: number[];
  defaultGraceHours: number;
  maxNameLength: number;
  maxAllowlistEntries: number;
}

/** The `error` object of the envelope. */
export interface ErrorPayload {
  /** `BSE…` code from the one table, `KEYS_ERROR_CODES`. */
  code: string;
  type: string;
  message: string;
  retryable: boolean;
  details?: {
    field?: string;
    issues?: FieldIssue[];
    /** On a 429 (BabySea's shape): seconds to wait, also sent as `Retry-After`. */
    retry_after_seconds?: number;
    /** On a rate-limit 429: the limit that was hit. */
    limit?: number;
  };
}

/** Every success: `{ status: 'success', request_id, data }` (a 204 has no body). */
export interface SuccessEnvelope<T> {
  status: 'success';
  request_id: string;
  data: T;
}

/** Every refusal, from the guard and the management API alike. */
export interface ErrorEnvelope {
  status: 'error';
  request_id: string;
  error: ErrorPayload;
}

/**
 * Everything the UI needs from the server, one method per management route.
 * `createHttpKeysClient` (keys-react) speaks the HTTP API; `createMemoryKeysClient`
 * (`@babysea/keys-react/memory`) runs the engine in memory; any object with these methods
 * works, and `describeKeysClient` (`@babysea/keys-core/testing`) checks it. Every method
 * rejects with a `KeysError` on failure.
 */
export interface KeysClient {
  list(): Promise<ApiKey[]>;
  /** `GET /key-page`: one page of keys, filtered and sorted by the server, with the total. */
  listPage(params?: KeyPageParams): Promise<KeyPage>;
  /** `PATCH /keys/{id}`: rename and/or new allowlist (owners). */
  update(keyId: string, input: UpdateKeyRequest): Promise<ApiKey>;
  /** `GET /logs`: every key's usage logs, newest first, filtered and paged. */
  accountLogs(params?: AccountLogsParams): Promise<LogPage>;
  get(keyId: string): Promise<ApiKey>;
  create(input: CreateKeyRequest): Promise<CreatedApiKey>;
  rotate(keyId: string, options?: RotateKeyRequest): Promise<RotatedApiKey>;
  revoke(keyId: string): Promise<ApiKey>;
  delete(keyId: string): Promise<void>;
  logs(keyId: string, options?: PageOptions): Promise<UsageLog[]>;
  presets(): Promise<PresetsInfo>;
  audit(options?: PageOptions): Promise<AuditEvent[]>;
}
