/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of the wire contract in `wire.ts`, side by
 * side with its types. The OpenAPI document is generated from these and `MANAGEMENT_ROUTES`;
 * `openapi.test.ts` validates the handler's real answers against them, so a type, a schema
 * and the handler cannot drift apart unnoticed. Objects allow extra properties: a server may
 * add fields without breaking an older client.
 */

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };
const epochMs: Schema = { type: 'integer', description: 'Epoch milliseconds' };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const object = (
  properties: Record<string, Schema>,
  required: string[] = Object.keys(properties),
): Schema => ({
  type: 'object',
  properties,
  required,
});

/** Every schema of the contract, by component name. */
export const WIRE_SCHEMAS: Record<string, Schema> = {
  ApiKey: object({
    id: string,
    accountId: string,
    name: string,
    prefix: { type: 'string', description: 'The display prefix, e.g. bye_a1B2c' },
    scopes: { type: 'array', items: string },
    preset: nullable(string),
    allowlist: { type: 'array', items: string },
    createdAt: epochMs,
    createdBy: string,
    expiresAt: nullable(epochMs),
    lastUsedAt: nullable(epochMs),
    revokedAt: nullable(epochMs),
    rotatedAt: nullable(epochMs),
    graceEndsAt: nullable(epochMs),
    replacedBy: nullable(string),
    rotatedFrom: nullable(string),
    status: { enum: ['Active', 'Rotated', 'Expired', 'Revoked'] },
  }),
  UsageLog: object({
    id: string,
    keyId: string,
    accountId: string,
    at: epochMs,
    method: string,
    endpoint: string,
    query: string,
    status: integer,
    errorCode: nullable(string),
    ipHash: string,
    userAgent: nullable(string),
  }),
  AuditEvent: object({
    id: string,
    accountId: string,
    type: {
      enum: [
        'api_key.created',
        'api_key.rotated',
        'api_key.revoked',
        'api_key.deleted',
        'api_key.updated',
      ],
    },
    at: epochMs,
    actorId: string,
    actorRole: { enum: ['primary-owner', 'owner', 'member'] },
    keyId: string,
    keyPrefix: string,
    keyName: string,
    data: { type: 'object', additionalProperties: nullable({ type: ['string', 'number'] }) },
  }),
  Preset: object({
    id: string,
    label: string,
    description: string,
    scopes: { type: 'array', items: string },
  }),
  PresetsInfo: object({
    presets: { type: 'array', items: ref('Preset') },
    scopes: { type: 'array', items: string },
    graceHours: { type: 'array', items: integer },
    defaultGraceHours: integer,
    maxNameLength: integer,
    maxAllowlistEntries: integer,
  }),
  CreateKeyRequest: object(
    {
      name: string,
      preset: string,
      scopes: { type: 'array', items: string },
      allowlist: { anyOf: [string, { type: 'array', items: string }] },
      expiresAt: { anyOf: [epochMs, { type: 'string', format: 'date-time' }, { type: 'null' }] },
    },
    ['name'],
  ),
  RotateKeyRequest: object({ graceHours: { enum: [1, 6, 12, 24, 48, 72, 168] } }, []),
  UpdateKeyRequest: object(
    { name: string, allowlist: { anyOf: [string, { type: 'array', items: string }] } },
    [],
  ),
  KeyPage: object({
    keys: { type: 'array', items: ref('ApiKey') },
    total: integer,
    nextCursor: nullable(string),
  }),
  LogPage: object({
    logs: { type: 'array', items: ref('UsageLog') },
    keys: { type: 'array', items: object({ id: string, name: string, prefix: string }) },
    nextCursor: nullable(string),
  }),
  CreatedApiKey: object({
    key: ref('ApiKey'),
    secret: { type: 'string', description: 'The full key, returned once and never stored' },
  }),
  RotatedApiKey: object({ key: ref('ApiKey'), secret: string, previous: ref('ApiKey') }),
  FieldIssue: object(
    { field: string, rule: string, message: string, index: integer, value: string },
    ['field', 'rule', 'message'],
  ),
  ErrorEnvelope: object({
    status: { const: 'error' },
    request_id: string,
    error: object(
      {
        code: { type: 'string', pattern: '^BSE[0-9]{4}$' },
        type: string,
        message: string,
        retryable: { type: 'boolean' },
        details: object({ field: string, issues: { type: 'array', items: ref('FieldIssue') } }, []),
      },
      ['code', 'type', 'message', 'retryable'],
    ),
  }),
};

/** `{ status: 'success', request_id, data: <schema> }`. */
export function successEnvelopeSchema(data: Schema): Schema {
  return object({ status: { const: 'success' }, request_id: string, data });
}

export type { Schema as JsonSchema };
export { ref as schemaRef };
