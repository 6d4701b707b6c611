import type { ApiKey, AuditEvent, UsageLog } from '@babysea/keys-core';
import { KEYS_ERROR_CODES, KeysError } from '@babysea/keys-core';
import type { ErrorEnvelope, KeyPage, LogPage } from '@babysea/keys-core/http';
import type {
  CreateApiKeyInput,
  CreatedApiKey,
  KeysClient,
  PageOptions,
  PresetsInfo,
  RotatedApiKey,
} from './keys-client.js';

/** Options of `createHttpKeysClient`: any `RequestInit` (headers, credentials…) plus `fetch`. */
export interface HttpKeysClientInit extends Omit<RequestInit, 'method' | 'body'> {
  /** The fetch to use (a test double, or one that adds auth). @default globalThis.fetch */
  fetch?: typeof fetch;
}

type KeysErrorCode = keyof typeof KEYS_ERROR_CODES;

/** The `KeysErrorCode` whose BSE code is `bse`, else one chosen from the HTTP status. */
function codeFor(bse: string | undefined, status: number): KeysErrorCode {
  for (const code of Object.keys(KEYS_ERROR_CODES) as KeysErrorCode[]) {
    if (KEYS_ERROR_CODES[code].bse === bse) return code;
  }
  if (status === 400) return 'VALIDATION_FAILED';
  if (status === 403) return 'ROLE_FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 503) return 'STORAGE_UNAVAILABLE';
  return 'INTERNAL';
}

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  const error = (body as ErrorEnvelope | null)?.error;
  return (
    (body as ErrorEnvelope | null)?.status === 'error' &&
    typeof error === 'object' &&
    error !== null &&
    typeof error.message === 'string'
  );
}

function query(options: PageOptions | undefined): string {
  const params = new URLSearchParams();
  if (options?.limit !== undefined) params.set('limit', String(options.limit));
  if (options?.before !== undefined) params.set('before', String(options.before));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A `KeysClient` for the management API served by `createKeysHandler` from
 * `@babysea/keys-core/http`. Answers are unwrapped from the `{ status, request_id, data }`
 * envelope; error envelopes are rethrown as `KeysError` with the original code and the field
 * issues from `error.details`, so the dialogs show server-side validation next to the fields.
 *
 * @param baseUrl where the handler is mounted, e.g. `/api` (no trailing slash needed)
 * @param init headers, credentials and the like, sent with every request
 * @example
 * ```tsx
 * const client = createHttpKeysClient('/api', { credentials: 'include' });
 * <ApiKeysPage client={client} role="owner" />
 * ```
 */
export function createHttpKeysClient(baseUrl: string, init: HttpKeysClientInit = {}): KeysClient {
  const { fetch: fetchImpl, headers, ...rest } = init;
  const root = baseUrl.replace(/\/+$/, '');

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const doFetch = fetchImpl ?? globalThis.fetch;
    const merged = new Headers(headers);
    merged.set('accept', 'application/json');
    // Every POST goes as JSON, with `{}` when there is nothing to send: the handler refuses a
    // POST or PATCH of any other type, which keeps cross-site forms out (CSRF).
    const sent = method === 'POST' ? (body ?? {}) : body;
    if (sent !== undefined) merged.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await doFetch(`${root}${path}`, {
        ...rest,
        method,
        headers: merged,
        body: sent === undefined ? undefined : JSON.stringify(sent),
      });
    } catch (cause) {
      throw new KeysError('INTERNAL', 'The server could not be reached.', { cause });
    }
    if (response.status === 204) return undefined as T;
    let payload: unknown;
    try {
      payload = await response.json();
    } catch (cause) {
      throw new KeysError(
        codeFor(undefined, response.ok ? 500 : response.status),
        `Unexpected response from the server (HTTP ${response.status}).`,
        { cause },
      );
    }
    if (isErrorEnvelope(payload)) {
      const { code, message, details } = payload.error;
      throw new KeysError(codeFor(code, response.status), message, {
        issues: Array.isArray(details?.issues) ? details.issues : [],
      });
    }
    if (!response.ok || (payload as { status?: unknown } | null)?.status !== 'success') {
      throw new KeysError(
        codeFor(undefined, response.ok ? 500 : response.status),
        `Unexpected response from the server (HTTP ${response.status}).`,
      );
    }
    return (payload as { data: T }).data;
  }

  const key = (id: string) => `/keys/${encodeURIComponent(id)}`;
  const search = (params: object | undefined): string => {
    const text = new URLSearchParams(
      Object.entries(params ?? {})
        .filter(([, value]) => value !== undefined && value !== null && value !== '')
        .map(([name, value]) => [name, String(value)]),
    ).toString();
    return text ? `?${text}` : '';
  };

  return {
    list: () => request<ApiKey[]>('GET', '/keys'),
    listPage: (params) => request<KeyPage>('GET', `/key-page${search(params)}`),
    update: (id, input) => request<ApiKey>('PATCH', key(id), input),
    accountLogs: (params) => request<LogPage>('GET', `/logs${search(params)}`),
    get: (id) => request<ApiKey>('GET', key(id)),
    create: (input: CreateApiKeyInput) => request<CreatedApiKey>('POST', '/keys', input),
    rotate: (id, options = {}) =>
      request<RotatedApiKey>(
        'POST',
        `${key(id)}/rotate`,
        options.graceHours === undefined ? {} : { graceHours: options.graceHours },
      ),
    revoke: (id) => request<ApiKey>('POST', `${key(id)}/revoke`),
    delete: (id) => request<void>('DELETE', key(id)),
    logs: (id, options) => request<UsageLog[]>('GET', `${key(id)}/logs${query(options)}`),
    presets: () => request<PresetsInfo>('GET', '/presets'),
    audit: (options) => request<AuditEvent[]>('GET', `/audit${query(options)}`),
  };
}
