import type { ApiKey, AuditEvent, Preset, UsageLog } from '@babysea/keys-core';

/** Paging for logs and audit events, newest first. */
export interface PageOptions {
  /** At most this many rows (the server's default is 100). */
  limit?: number;
  /** Only rows strictly older than this time (epoch ms). */
  before?: number;
}

/** What the Add dialog sends: the management API's `POST /keys` body. */
export interface CreateApiKeyInput {
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

/** A new key and its secret, shown once. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

/** The replacement key, its secret (shown once) and the old key, now `Rotated`. */
export interface RotatedApiKey {
  key: ApiKey;
  secret: string;
  previous: ApiKey;
}

/** What `GET /presets` answers: the data the Add and Rotate dialogs are built from. */
export interface PresetsInfo {
  presets: Preset[];
  scopes: string[];
  graceHours: number[];
  defaultGraceHours: number;
  maxNameLength: number;
  maxAllowlistEntries: number;
}

/**
 * Everything the UI needs from the server. `createHttpKeysClient` speaks the management API;
 * `createMemoryKeysClient` (from `@babysea/keys-react/memory`) runs the real engine in memory
 * for tests and stories; any object with these methods works. Every method rejects with a
 * `KeysError` on failure.
 */
export interface KeysClient {
  list(): Promise<ApiKey[]>;
  get(keyId: string): Promise<ApiKey>;
  create(input: CreateApiKeyInput): Promise<CreatedApiKey>;
  rotate(keyId: string, options?: { graceHours?: number }): Promise<RotatedApiKey>;
  revoke(keyId: string): Promise<ApiKey>;
  delete(keyId: string): Promise<void>;
  logs(keyId: string, options?: PageOptions): Promise<UsageLog[]>;
  presets(): Promise<PresetsInfo>;
  audit(options?: PageOptions): Promise<AuditEvent[]>;
}
