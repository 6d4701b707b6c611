/**
 * The OpenAPI 3.1 documents: the management API (served by `createKeysHandler` at
 * `GET {basePath}/openapi.json`), generated from `MANAGEMENT_ROUTES` and the wire schemas,
 * and the guard's refusals, for an app to merge into the document of its own API.
 */
import { KEYS_ERROR_CODES } from '../errors/keys-error.js';
import { type JsonSchema, schemaRef, successEnvelopeSchema, WIRE_SCHEMAS } from './wire-schemas.js';

/** One management route, as data: the handler's table and the document's paths. */
export interface ManagementRoute {
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to `basePath`, with `{keyId}`. */
  path: string;
  summary: string;
  /** Owners and primary owners only (members get 403). */
  write: boolean;
  request?: string;
  /** `null`: 204 without a body. */
  response: { status: number; schema: JsonSchema | null };
  paged?: boolean;
  /** Query parameters other than the `limit`/`before` of `paged`. */
  query?: { name: string; schema: JsonSchema; description?: string }[];
}

const text: JsonSchema = { type: 'string' };
const count: JsonSchema = { type: 'integer', minimum: 0 };
const cursorParam = {
  name: 'cursor',
  schema: text,
  description: '`nextCursor` of the previous page',
};
const limitParam = { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 1000 } };

const arrayOf = (name: string): JsonSchema => ({ type: 'array', items: schemaRef(name) });

/** Every management route; `KeysClient` has one method per entry. */
export const MANAGEMENT_ROUTES: readonly ManagementRoute[] = [
  {
    operationId: 'list',
    method: 'GET',
    path: '/keys',
    summary: 'List the account’s keys, newest first',
    write: false,
    response: { status: 200, schema: arrayOf('ApiKey') },
  },
  {
    operationId: 'create',
    method: 'POST',
    path: '/keys',
    summary: 'Create a key; its secret is returned once',
    write: true,
    request: 'CreateKeyRequest',
    response: { status: 201, schema: schemaRef('CreatedApiKey') },
  },
  {
    operationId: 'listPage',
    method: 'GET',
    path: '/key-page',
    summary: 'One page of the account’s keys, filtered and sorted, with the total',
    write: false,
    query: [
      { name: 'status', schema: { enum: ['Active', 'Rotated', 'Expired', 'Revoked'] } },
      { name: 'search', schema: text, description: 'Name (ASCII case-insensitive) or prefix' },
      { name: 'sort', schema: { enum: ['created', 'lastUsed', 'name'] } },
      { name: 'order', schema: { enum: ['asc', 'desc'] } },
      limitParam,
      cursorParam,
    ],
    response: { status: 200, schema: schemaRef('KeyPage') },
  },
  {
    operationId: 'update',
    method: 'PATCH',
    path: '/keys/{keyId}',
    summary: 'Rename a key and/or replace its IP allowlist',
    write: true,
    request: 'UpdateKeyRequest',
    response: { status: 200, schema: schemaRef('ApiKey') },
  },
  {
    operationId: 'accountLogs',
    method: 'GET',
    path: '/logs',
    summary: 'Every key’s usage logs, newest first, filtered and paged',
    write: false,
    query: [
      { name: 'since', schema: count, description: 'Epoch ms, inclusive' },
      { name: 'until', schema: count, description: 'Epoch ms, exclusive' },
      { name: 'keyId', schema: text },
      { name: 'outcome', schema: { enum: ['success', 'refused'] } },
      { name: 'status', schema: { type: 'integer', minimum: 100, maximum: 599 } },
      { name: 'errorCode', schema: text },
      limitParam,
      cursorParam,
    ],
    response: { status: 200, schema: schemaRef('LogPage') },
  },
  {
    operationId: 'get',
    method: 'GET',
    path: '/keys/{keyId}',
    summary: 'One key',
    write: false,
    response: { status: 200, schema: schemaRef('ApiKey') },
  },
  {
    operationId: 'delete',
    method: 'DELETE',
    path: '/keys/{keyId}',
    summary: 'Delete a key and its usage logs',
    write: true,
    response: { status: 204, schema: null },
  },
  {
    operationId: 'rotate',
    method: 'POST',
    path: '/keys/{keyId}/rotate',
    summary: 'Replace a key; the old one works until its grace ends',
    write: true,
    request: 'RotateKeyRequest',
    response: { status: 201, schema: schemaRef('RotatedApiKey') },
  },
  {
    operationId: 'revoke',
    method: 'POST',
    path: '/keys/{keyId}/revoke',
    summary: 'Revoke a key at once (send {})',
    write: true,
    response: { status: 200, schema: schemaRef('ApiKey') },
  },
  {
    operationId: 'logs',
    method: 'GET',
    path: '/keys/{keyId}/logs',
    summary: 'A key’s usage logs, newest first',
    write: false,
    paged: true,
    response: { status: 200, schema: arrayOf('UsageLog') },
  },
  {
    operationId: 'presets',
    method: 'GET',
    path: '/presets',
    summary: 'Presets, scopes, grace hours and limits for the dialogs',
    write: false,
    response: { status: 200, schema: schemaRef('PresetsInfo') },
  },
  {
    operationId: 'audit',
    method: 'GET',
    path: '/audit',
    summary: 'The account’s key events, newest first',
    write: false,
    paged: true,
    response: { status: 200, schema: arrayOf('AuditEvent') },
  },
];

const EXAMPLE_KEY = {
  id: 'key_3kTMd9HqPZ1vW7xYbN2cF4gR',
  accountId: 'acct_1',
  name: 'prod-api-worker',
  prefix: 'bye_a1B2c',
  scopes: ['orders:read', 'orders:write'],
  preset: 'orders-admin',
  allowlist: ['203.0.113.0/24'],
  createdAt: 1767225600000,
  createdBy: 'user_1',
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  rotatedAt: null,
  graceEndsAt: null,
  replacedBy: null,
  rotatedFrom: null,
  status: 'Active',
};
const EXAMPLE_SECRET = 'bye_<shown once>';

const EXAMPLES: Record<string, unknown> = {
  list: [EXAMPLE_KEY],
  create: { key: EXAMPLE_KEY, secret: EXAMPLE_SECRET },
  get: EXAMPLE_KEY,
  rotate: {
    key: {
      ...EXAMPLE_KEY,
      id: 'key_9fLq2Wm4Xc7Vb1Nz8Hk3Jd5T',
      prefix: 'bye_Z9y8X',
      rotatedFrom: EXAMPLE_KEY.id,
    },
    secret: EXAMPLE_SECRET,
    previous: {
      ...EXAMPLE_KEY,
      status: 'Rotated',
      rotatedAt: 1767229200000,
      graceEndsAt: 1767315600000,
      replacedBy: 'key_9fLq2Wm4Xc7Vb1Nz8Hk3Jd5T',
    },
  },
  revoke: { ...EXAMPLE_KEY, status: 'Revoked', revokedAt: 1767229200000 },
  logs: [
    {
      id: 'log_Qw3Er5Ty7Ui9Op1As3Df5Gh7',
      keyId: EXAMPLE_KEY.id,
      accountId: 'acct_1',
      at: 1767229200000,
      method: 'GET',
      endpoint: '/api/orders',
      query: '',
      status: 200,
      errorCode: null,
      ipHash: 'f'.repeat(64),
      userAgent: 'curl/8.5.0',
    },
  ],
  presets: {
    presets: [
      {
        id: 'orders-admin',
        label: 'Admin',
        description: 'Read and write orders',
        scopes: ['orders:read', 'orders:write'],
      },
    ],
    scopes: ['orders:read', 'orders:write'],
    graceHours: [1, 6, 12, 24, 48, 72, 168],
    defaultGraceHours: 24,
    maxNameLength: 64,
    maxAllowlistEntries: 100,
  },
  audit: [
    {
      id: 'evt_Zx1Cv3Bn5Mm7Lk9Jh1Gf3Ds5',
      accountId: 'acct_1',
      type: 'api_key.created',
      at: 1767225600000,
      actorId: 'user_1',
      actorRole: 'owner',
      keyId: EXAMPLE_KEY.id,
      keyPrefix: 'bye_a1B2c',
      keyName: 'prod-api-worker',
      data: {},
    },
  ],
};
EXAMPLES.listPage = { keys: [EXAMPLE_KEY], total: 1, nextCursor: null };
EXAMPLES.update = { ...EXAMPLE_KEY, name: 'billing-worker' };
EXAMPLES.accountLogs = {
  logs: EXAMPLES.logs,
  keys: [{ id: EXAMPLE_KEY.id, name: EXAMPLE_KEY.name, prefix: EXAMPLE_KEY.prefix }],
  nextCursor: null,
};

const REQUEST_EXAMPLES: Record<string, unknown> = {
  UpdateKeyRequest: { name: 'billing-worker', allowlist: ['203.0.113.0/24'] },
  CreateKeyRequest: {
    name: 'prod-api-worker',
    preset: 'orders-admin',
    allowlist: '203.0.113.0/24',
  },
  RotateKeyRequest: { graceHours: 24 },
};

type Code = keyof typeof KEYS_ERROR_CODES;

function errorExample(code: Code, message: string): unknown {
  const m = KEYS_ERROR_CODES[code];
  return {
    status: 'error',
    request_id: 'req_8Hj2Kl4Mn6Pq8Rs0Tu2Vw4Xy',
    error: { code: m.bse, type: m.type, message, retryable: m.retryable },
  };
}

function errorResponse(description: string, examples: [Code, string][]): JsonSchema {
  return {
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
    content: {
      'application/json': {
        schema: schemaRef('ErrorEnvelope'),
        examples: Object.fromEntries(
          examples.map(([code, message]) => [code, { value: errorExample(code, message) }]),
        ),
      },
    },
  };
}

const REQUEST_ID_HEADER = {
  description: 'The request’s id, also `request_id` in the body',
  schema: { type: 'string', pattern: '^req_[A-Za-z0-9]{24}$' },
};

/** Options of {@link createOpenApiDocument}. */
export interface OpenApiOptions {
  /** Where the handler is mounted, e.g. `/api`. @default '' */
  basePath?: string;
  /** @default 'API keys' */
  title?: string;
  /** Your API's version. @default '1.0.0' */
  version?: string;
}

/**
 * The management API as an OpenAPI 3.1 document, with request and response examples.
 *
 * @example
 * const doc = createOpenApiDocument({ basePath: '/api' });
 * doc.paths['/api/keys'].post.operationId; // 'create'
 */
export function createOpenApiDocument(options: OpenApiOptions = {}): Record<string, unknown> & {
  paths: Record<string, Record<string, Record<string, unknown>>>;
} {
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  const paths: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const route of MANAGEMENT_ROUTES) {
    const path = `${base}${route.path}`;
    const parameters: unknown[] = [];
    if (route.path.includes('{keyId}')) {
      parameters.push({ name: 'keyId', in: 'path', required: true, schema: { type: 'string' } });
    }
    if (route.paged) {
      parameters.push(
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
        {
          name: 'before',
          in: 'query',
          schema: { type: 'integer', minimum: 0 },
          description: 'Epoch ms: only older rows',
        },
      );
    }
    for (const param of route.query ?? []) parameters.push({ in: 'query', ...param });
    const hasBody = route.method === 'POST' || route.method === 'PATCH';
    const success =
      route.response.schema === null
        ? {
            description: 'Done (no body)',
            headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
          }
        : {
            description: route.summary,
            headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
            content: {
              'application/json': {
                schema: successEnvelopeSchema(route.response.schema),
                example: {
                  status: 'success',
                  request_id: 'req_8Hj2Kl4Mn6Pq8Rs0Tu2Vw4Xy',
                  data: EXAMPLES[route.operationId],
                },
              },
            },
          };
    const responses: Record<string, unknown> = {
      [String(route.response.status)]: success,
      '401': { $ref: '#/components/responses/SignInRequired' },
      '500': { $ref: '#/components/responses/Internal' },
      '503': { $ref: '#/components/responses/StorageUnavailable' },
    };
    if (route.write) responses['403'] = { $ref: '#/components/responses/RoleForbidden' };
    if (route.path.includes('{keyId}'))
      responses['404'] = { $ref: '#/components/responses/NotFound' };
    if (hasBody || route.paged || route.query)
      responses['400'] = { $ref: '#/components/responses/ValidationFailed' };
    if (hasBody) responses['415'] = { $ref: '#/components/responses/UnsupportedMediaType' };
    if (['rotate', 'revoke', 'update'].includes(route.operationId)) {
      responses['409'] = { $ref: '#/components/responses/Conflict' };
    }
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(parameters.length > 0 && { parameters }),
      responses,
    };
    if (hasBody) {
      operation.requestBody = {
        required: true,
        description: 'Always `Content-Type: application/json`, `{}` when empty (CSRF rule)',
        content: {
          'application/json': {
            schema: route.request ? schemaRef(route.request) : { type: 'object' },
            example: route.request ? REQUEST_EXAMPLES[route.request] : {},
          },
        },
      };
    }
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'API keys',
      version: options.version ?? '1.0.0',
      description:
        'Management API of @babysea/keys (createKeysHandler). Every answer is the JSON envelope with `request_id`, `X-Request-Id` and `Cache-Control: no-store`; the caller is who your `resolveActor` says (session cookie or token).',
    },
    paths,
    components: {
      schemas: WIRE_SCHEMAS,
      headers: { 'X-Request-Id': REQUEST_ID_HEADER },
      responses: {
        SignInRequired: errorResponse('No session', [
          ['AUTHENTICATION_REQUIRED', 'Sign in to manage API keys'],
        ]),
        RoleForbidden: errorResponse('Members may only read', [
          ['ROLE_FORBIDDEN', 'Only owners may create keys'],
        ]),
        NotFound: errorResponse('No such key in this account', [['NOT_FOUND', 'No such API key']]),
        ValidationFailed: errorResponse('Invalid input; `details.issues` names each field', [
          ['VALIDATION_FAILED', 'name: required'],
        ]),
        UnsupportedMediaType: errorResponse('A POST not sent as application/json', [
          ['UNSUPPORTED_MEDIA_TYPE', 'Send POST requests with Content-Type: application/json'],
        ]),
        Conflict: errorResponse('The key’s state forbids it', [
          ['CONFLICT', 'This API key is already revoked'],
        ]),
        StorageUnavailable: errorResponse('Storage failed; retry (Retry-After)', [
          ['STORAGE_UNAVAILABLE', 'API keys cannot be managed right now; retry shortly'],
        ]),
        Internal: errorResponse('Unexpected error', [['INTERNAL', 'Internal error']]),
      },
    },
  };
}

/**
 * The guard's refusals as OpenAPI 3.1 components (a `bearerAuth` security scheme, the error
 * envelope and one response per refusal), for an app to merge into its own document and
 * reference from each guarded operation (`$ref: '#/components/responses/KeysUnauthorized'`).
 */
export function guardRefusalsOpenApi(): {
  securitySchemes: Record<string, unknown>;
  schemas: Record<string, unknown>;
  headers: Record<string, unknown>;
  responses: Record<string, unknown>;
} {
  return {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key: `Authorization: Bearer <key>`',
      },
    },
    schemas: { ErrorEnvelope: WIRE_SCHEMAS.ErrorEnvelope, FieldIssue: WIRE_SCHEMAS.FieldIssue },
    headers: { 'X-Request-Id': REQUEST_ID_HEADER },
    responses: {
      KeysUnauthorized: errorResponse(
        'No key, a wrong scheme, or a key that is malformed, unknown, revoked, expired or past its grace',
        [
          ['AUTHENTICATION_REQUIRED', 'Missing API key: send it as "Authorization: Bearer <key>"'],
          ['AUTHENTICATION_FAILED', 'Invalid API key'],
        ],
      ),
      KeysForbidden: errorResponse(
        'The key lacks the route’s scope, or the client IP is outside its allowlist',
        [
          [
            'INSUFFICIENT_PERMISSIONS',
            'This API key lacks the "orders:write" scope this route requires',
          ],
          ['IP_NOT_ALLOWED', 'This API key may not be used from this IP address'],
        ],
      ),
      KeysRouteNotFound: errorResponse('The route is not in the route table', [
        ['UNKNOWN_ROUTE', 'Route not found'],
      ]),
      KeysUnavailable: errorResponse('Keys cannot be checked right now; retry (Retry-After)', [
        ['STORAGE_UNAVAILABLE', 'API keys cannot be checked right now; retry shortly'],
      ]),
    },
  };
}
