/**
 * The management REST API that `@babysea/keys-react`'s HTTP client speaks (DESIGN.md), as one
 * fetch handler `(Request) => Promise<Response>` to mount under any base path:
 *
 *   GET    /keys                 → 200 ApiKey[]
 *   GET    /key-page             → 200 KeyPage                    ?status=&search=&sort=&order=&limit=&cursor=
 *   POST   /keys                 → 201 { key, secret }            body { name, preset?, scopes?, allowlist?, expiresAt? }
 *   GET    /keys/:id             → 200 ApiKey
 *   POST   /keys/:id/rotate      → 201 { key, secret, previous }  body { graceHours? }
 *   POST   /keys/:id/revoke      → 200 ApiKey
 *   PATCH  /keys/:id             → 200 ApiKey                     body { name?, allowlist? }
 *   DELETE /keys/:id             → 204
 *   GET    /keys/:id/logs        → 200 UsageLog[]                 ?limit=&before=
 *   GET    /presets              → 200 { presets, scopes, graceHours, defaultGraceHours, maxNameLength, maxAllowlistEntries }
 *   GET    /audit                → 200 AuditEvent[]               ?limit=&before=
 *   GET    /logs                 → 200 LogPage                    ?since=&until=&keyId=&outcome=&status=&errorCode=&limit=&cursor=
 *   POST   /ip-hash              → 200 { ip, ipHash }              body { ip }: an address hashed as usage logs hash it
 *
 * Every POST and PATCH must be sent with `Content-Type: application/json` (415 otherwise, with or without
 * a body): that is what keeps a cross-site form or preflight-free `fetch` out (CSRF).
 * Every answer is the JSON envelope with `request_id` and `Cache-Control: no-store`. Roles,
 * validation and conflicts are the engine's `KeysError`s, passed through with their status.
 */
import { MAX_ALLOWLIST_ENTRIES } from '../allowlist/index.js';
import { isKeysError, KEYS_ERROR_CODES, KeysError } from '../errors/keys-error.js';
import type { Keys } from '../lifecycle/keys-api.js';
import type { Actor, Awaitable } from '../types.js';
import { DEFAULT_GRACE_HOURS, GRACE_HOURS, MAX_NAME_LENGTH } from '../validation/index.js';
import {
  type ErrorPayload,
  errorAnswer,
  type HttpAnswer,
  newRequestId,
  successAnswer,
  thrownAnswer,
  toResponse,
} from './envelope.js';
import { isJsonContentType, readJsonObject, readPage } from './handler-input.js';
import { createOpenApiDocument } from './openapi.js';
import { readAccountLogsParams, readKeyPageParams } from './page-query.js';
import { splitUrl } from './request-input.js';

/** `GET {basePath}/openapi.json`: the OpenAPI 3.1 document of this API. */
const OPENAPI_PATH = 'openapi.json';

/** Who is calling, as your session layer knows it. */
export interface ResolvedActor {
  accountId: string;
  actor: Actor;
}

/** Options of {@link createKeysHandler}. */
export interface KeysHandlerOptions {
  /**
   * Reads your session (cookie, JWT…) and says who calls for which account, or `null` for an
   * anonymous caller (answered 401 BSE1001). The role decides what they may do.
   */
  resolveActor: (request: Request) => Awaitable<ResolvedActor | null>;
  /** Where the handler is mounted, e.g. `/api`. @default '' (the paths above at the root) */
  basePath?: string;
  /** Unexpected errors (answered 500 without their message). @default console.error */
  onError?: (error: unknown, request: Request) => void;
}

/** A fetch handler. */
export type KeysHandler = (request: Request) => Promise<Response>;

type OperationName =
  | 'list'
  | 'listPage'
  | 'update'
  | 'accountLogs'
  | 'create'
  | 'get'
  | 'remove'
  | 'rotate'
  | 'revoke'
  | 'logs'
  | 'presets'
  | 'audit'
  | 'hashIp';

type ManagedKeys = Pick<
  Keys,
  | 'list'
  | 'listPage'
  | 'get'
  | 'create'
  | 'update'
  | 'rotate'
  | 'revoke'
  | 'delete'
  | 'logs'
  | 'accountLogs'
  | 'audit'
  | 'policy'
  | 'hashIp'
>;

interface OperationContext {
  request: Request;
  who: ResolvedActor;
  keyId: string;
  query: string;
  requestId: string;
}

function errorPayload(code: string, type: string, message: string): ErrorPayload {
  return { code, type, message, retryable: false };
}

function notFound(requestId: string): HttpAnswer {
  const m = KEYS_ERROR_CODES.NOT_FOUND;
  return errorAnswer(m.status, errorPayload(m.bse, m.type, 'No such endpoint'), requestId);
}

function unsupportedMediaType(requestId: string): HttpAnswer {
  const m = KEYS_ERROR_CODES.UNSUPPORTED_MEDIA_TYPE;
  const message =
    'Send POST requests with Content-Type: application/json and a JSON object body ({} when there is nothing to send)';
  return errorAnswer(
    m.status,
    {
      ...errorPayload(m.bse, m.type, message),
      details: { field: 'body', issues: [{ field: 'body', rule: 'content_type', message }] },
    },
    requestId,
  );
}

/** Which operation each method runs on a path; `null` when the path is not part of the API. */
function route(
  segments: string[],
): { keyId: string; methods: Record<string, OperationName> } | null {
  const [head, id, action, ...rest] = segments;
  if (rest.length > 0) return null;
  if (head === 'presets' && id === undefined) return { keyId: '', methods: { GET: 'presets' } };
  if (head === 'audit' && id === undefined) return { keyId: '', methods: { GET: 'audit' } };
  if (head === 'key-page' && id === undefined) return { keyId: '', methods: { GET: 'listPage' } };
  if (head === 'logs' && id === undefined) return { keyId: '', methods: { GET: 'accountLogs' } };
  if (head === 'ip-hash' && id === undefined) return { keyId: '', methods: { POST: 'hashIp' } };
  if (head !== 'keys') return null;
  if (id === undefined) return { keyId: '', methods: { GET: 'list', POST: 'create' } };
  let keyId: string;
  try {
    keyId = decodeURIComponent(id);
  } catch {
    return null;
  }
  if (keyId === '') return null;
  if (action === undefined) {
    return { keyId, methods: { GET: 'get', PATCH: 'update', DELETE: 'remove' } };
  }
  if (action === 'rotate') return { keyId, methods: { POST: 'rotate' } };
  if (action === 'revoke') return { keyId, methods: { POST: 'revoke' } };
  if (action === 'logs') return { keyId, methods: { GET: 'logs' } };
  return null;
}

/** The operations over one engine. Input is copied field by field, never spread. */
function operations(
  keys: ManagedKeys,
): Record<OperationName, (ctx: OperationContext) => Promise<HttpAnswer>> {
  return {
    async list({ who, requestId }) {
      return successAnswer(200, await keys.list(who), requestId);
    },
    async listPage({ who, query, requestId }) {
      const params = readKeyPageParams(query);
      return successAnswer(200, await keys.listPage({ ...who, ...params }), requestId);
    },
    async accountLogs({ who, query, requestId }) {
      const params = readAccountLogsParams(query);
      return successAnswer(200, await keys.accountLogs({ ...who, ...params }), requestId);
    },
    async update({ request, who, keyId, requestId }) {
      const body = await readJsonObject(request);
      const updated = await keys.update({
        ...who,
        keyId,
        name: body.name as string | undefined,
        allowlist: body.allowlist as string | string[] | undefined,
      });
      return successAnswer(200, updated, requestId);
    },
    async create({ request, who, requestId }) {
      const body = await readJsonObject(request);
      const created = await keys.create({
        accountId: who.accountId,
        actor: who.actor,
        name: body.name as string,
        preset: body.preset as string | undefined,
        scopes: body.scopes as string[] | undefined,
        allowlist: body.allowlist as string | string[] | undefined,
        expiresAt: body.expiresAt as number | string | null | undefined,
      });
      return successAnswer(201, created, requestId);
    },
    async get({ who, keyId, requestId }) {
      return successAnswer(200, await keys.get({ ...who, keyId }), requestId);
    },
    async remove({ who, keyId, requestId }) {
      await keys.delete({ ...who, keyId });
      return successAnswer(204, null, requestId);
    },
    async rotate({ request, who, keyId, requestId }) {
      const body = await readJsonObject(request);
      const rotated = await keys.rotate({
        ...who,
        keyId,
        graceHours: body.graceHours as number | undefined,
      });
      return successAnswer(201, rotated, requestId);
    },
    async revoke({ request, who, keyId, requestId }) {
      await readJsonObject(request);
      return successAnswer(200, await keys.revoke({ ...who, keyId }), requestId);
    },
    async logs({ who, keyId, query, requestId }) {
      return successAnswer(200, await keys.logs({ ...who, keyId, ...readPage(query) }), requestId);
    },
    async audit({ who, query, requestId }) {
      return successAnswer(200, await keys.audit({ ...who, ...readPage(query) }), requestId);
    },
    async hashIp({ request, who, requestId }) {
      const body = await readJsonObject(request);
      const hashed = await keys.hashIp({ ...who, ip: body.ip as string });
      return successAnswer(200, hashed, requestId);
    },
    async presets({ requestId }) {
      return successAnswer(
        200,
        {
          presets: keys.policy.presets,
          scopes: keys.policy.scopes,
          graceHours: [...GRACE_HOURS],
          defaultGraceHours: DEFAULT_GRACE_HOURS,
          maxNameLength: MAX_NAME_LENGTH,
          maxAllowlistEntries: MAX_ALLOWLIST_ENTRIES,
        },
        requestId,
      );
    },
  };
}

/**
 * Builds the management handler.
 *
 * @example
 * const handler = createKeysHandler(keys, {
 *   basePath: '/api',
 *   resolveActor: async (request) => {
 *     const session = await getSession(request);
 *     return session && { accountId: session.accountId, actor: { userId: session.userId, role: session.role } };
 *   },
 * });
 * // Hono: app.all('/api/*', (c) => handler(c.req.raw))
 * // Next.js (app/api/[...keys]/route.ts): export { handler as GET, handler as POST, handler as DELETE }
 */
export function createKeysHandler(keys: ManagedKeys, options: KeysHandlerOptions): KeysHandler {
  if (typeof options?.resolveActor !== 'function') {
    throw new KeysError(
      'INVALID_CONFIGURATION',
      'createKeysHandler: resolveActor must be a function',
    );
  }
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const { resolveActor } = options;
  const onError = options.onError ?? ((error: unknown) => console.error('[babysea/keys]', error));
  const ops = operations(keys);
  // The document of this API, public like any API description (no session needed).
  const openApiJson = JSON.stringify(createOpenApiDocument({ basePath }));

  async function handle(request: Request, requestId: string): Promise<HttpAnswer> {
    const { path, query } = splitUrl(request.url);
    if (path !== basePath && !path.startsWith(`${basePath}/`)) return notFound(requestId);
    const rest = path.slice(basePath.length).replace(/^\/+/, '').replace(/\/$/, '');
    if (rest === OPENAPI_PATH && ['GET', 'HEAD'].includes(request.method.toUpperCase())) {
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId },
        body: openApiJson,
      };
    }
    const found = route(rest === '' ? [] : rest.split('/'));
    if (found === null) return notFound(requestId);
    const name = found.methods[request.method.toUpperCase()];
    if (name === undefined) {
      const allow = Object.keys(found.methods).join(', ');
      const m = KEYS_ERROR_CODES.METHOD_NOT_ALLOWED;
      return errorAnswer(
        m.status,
        errorPayload(m.bse, m.type, `${request.method} is not allowed here; use ${allow}`),
        requestId,
        { allow },
      );
    }
    // CSRF: every POST and PATCH must declare JSON, even one without a body (revoke), before
    // the session is read.
    const method = request.method.toUpperCase();
    if (
      (method === 'POST' || method === 'PATCH') &&
      !isJsonContentType(request.headers.get('content-type'))
    ) {
      return unsupportedMediaType(requestId);
    }
    const who = await resolveActor(request);
    if (!who) {
      const m = KEYS_ERROR_CODES.AUTHENTICATION_REQUIRED;
      return errorAnswer(
        m.status,
        errorPayload(m.bse, m.type, 'Sign in to manage API keys'),
        requestId,
      );
    }
    return ops[name]({
      request,
      who: { accountId: who.accountId, actor: who.actor },
      keyId: found.keyId,
      query,
      requestId,
    });
  }

  return async (request) => {
    const requestId = newRequestId();
    try {
      return toResponse(await handle(request, requestId));
    } catch (error) {
      // Expected refusals (roles, validation, not found…) are answers, not incidents.
      if (!isKeysError(error) || error.status >= 500) onError(error, request);
      return toResponse(thrownAnswer(error, requestId));
    }
  };
}
