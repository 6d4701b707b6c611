import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/test-engine.js';
import type { Role } from '../types.js';
import { createKeysHandler } from './handler.js';
import { createOpenApiDocument, guardRefusalsOpenApi, MANAGEMENT_ROUTES } from './openapi.js';
import { type JsonSchema, successEnvelopeSchema, WIRE_SCHEMAS } from './wire-schemas.js';

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
function check(schema: JsonSchema, value: unknown): string[] {
  const validate = ajv.compile({ ...schema, components: { schemas: WIRE_SCHEMAS } });
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function setup() {
  const engine = testEngine();
  const handler = createKeysHandler(engine.keys, {
    basePath: '/api',
    resolveActor: (request) => ({
      accountId: 'acct_doc',
      actor: { userId: 'user_doc', role: (request.headers.get('x-role') ?? 'owner') as Role },
    }),
  });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await handler(
      new Request(`https://app.example/api${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    return { response, json: response.status === 204 ? null : await response.json() };
  };
  return { engine, handler, call };
}

describe('the OpenAPI document', () => {
  it('is served at GET {basePath}/openapi.json and validates as OpenAPI 3.1', async () => {
    const { call } = setup();
    const { response, json } = await call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(json).toMatchObject({ openapi: '3.1.0' });
    const result = await new Validator().validate(json as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has one operation per management route, under the basePath', () => {
    const doc = createOpenApiDocument({ basePath: '/api' });
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      MANAGEMENT_ROUTES.map((route) => `${route.method} /api${route.path}`).sort(),
    );
  });

  it('every response and request example validates against its own schema', () => {
    const doc = createOpenApiDocument();
    let examples = 0;
    for (const methods of Object.values(doc.paths)) {
      for (const operation of Object.values(methods) as Record<string, any>[]) {
        for (const response of Object.values(operation.responses) as Record<string, any>[]) {
          const media = response.content?.['application/json'];
          if (media?.example === undefined) continue;
          examples++;
          expect(check(media.schema, media.example)).toEqual([]);
        }
        const body = operation.requestBody?.content?.['application/json'];
        if (body) {
          examples++;
          expect(check(body.schema, body.example)).toEqual([]);
        }
      }
    }
    const withBody = MANAGEMENT_ROUTES.filter((route) => route.response.schema !== null).length;
    const posts = MANAGEMENT_ROUTES.filter(
      (route) => route.method === 'POST' || route.method === 'PATCH',
    ).length;
    expect(examples).toBe(withBody + posts);
  });

  it('the handler’s real answers to every route match the document', async () => {
    const { call } = setup();
    const answers: Record<string, unknown> = {};
    answers.presets = (await call('GET', '/presets')).json;
    const created = (await call('POST', '/keys', { name: 'doc', preset: 'full-access' }))
      .json as any;
    answers.create = created;
    const id = created.data.key.id as string;
    answers.list = (await call('GET', '/keys')).json;
    answers.get = (await call('GET', `/keys/${id}`)).json;
    answers.listPage = (await call('GET', '/key-page?sort=name&limit=1')).json;
    answers.update = (await call('PATCH', `/keys/${id}`, { name: 'doc-renamed' })).json;
    answers.accountLogs = (await call('GET', '/logs?limit=10')).json;
    answers.logs = (await call('GET', `/keys/${id}/logs?limit=10`)).json;
    const rotated = (await call('POST', `/keys/${id}/rotate`, { graceHours: 1 })).json as any;
    answers.rotate = rotated;
    answers.revoke = (await call('POST', `/keys/${rotated.data.key.id}/revoke`, {})).json;
    answers.audit = (await call('GET', '/audit')).json;
    const removed = await call('DELETE', `/keys/${id}`);
    expect(removed.response.status).toBe(204);
    for (const route of MANAGEMENT_ROUTES) {
      if (route.response.schema === null) continue;
      expect(answers[route.operationId], route.operationId).toBeDefined();
      expect(
        check(successEnvelopeSchema(route.response.schema), answers[route.operationId]),
      ).toEqual([]);
    }
  });

  it.each([
    ['404', 'GET', '/keys/key_none', undefined, {}],
    ['400', 'POST', '/keys', { name: '' }, {}],
    ['403', 'POST', '/keys', { name: 'x', preset: 'full-access' }, { 'x-role': 'member' }],
  ] as const)('a %s answer matches ErrorEnvelope', async (status, method, path, body, headers) => {
    const { call } = setup();
    const { response, json } = await call(method, path, body, headers);
    expect(String(response.status)).toBe(status);
    expect(check({ $ref: '#/components/schemas/ErrorEnvelope' }, json)).toEqual([]);
  });

  it('a 415 answer matches ErrorEnvelope', async () => {
    const { handler } = setup();
    const response = await handler(
      new Request('https://app.example/api/keys', {
        method: 'POST',
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
    );
    expect(response.status).toBe(415);
    expect(check({ $ref: '#/components/schemas/ErrorEnvelope' }, await response.json())).toEqual(
      [],
    );
  });
});

describe('guardRefusalsOpenApi', () => {
  it('merges into an app’s own document, which then validates as OpenAPI 3.1', async () => {
    const refusals = guardRefusalsOpenApi();
    const doc = {
      openapi: '3.1.0',
      info: { title: 'Orders', version: '1.0.0' },
      security: [{ bearerAuth: [] }],
      paths: {
        '/api/orders': {
          get: {
            operationId: 'listOrders',
            responses: {
              '200': { description: 'Orders' },
              '401': { $ref: '#/components/responses/KeysUnauthorized' },
              '403': { $ref: '#/components/responses/KeysForbidden' },
              '503': { $ref: '#/components/responses/KeysUnavailable' },
            },
          },
        },
      },
      components: refusals,
    };
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('its examples match the envelope', () => {
    for (const response of Object.values(guardRefusalsOpenApi().responses) as Record<
      string,
      any
    >[]) {
      for (const example of Object.values(response.content['application/json'].examples) as {
        value: unknown;
      }[]) {
        expect(check({ $ref: '#/components/schemas/ErrorEnvelope' }, example.value)).toEqual([]);
      }
    }
  });
});
