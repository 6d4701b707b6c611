import { describe, expect, it, vi } from 'vitest';
import { ACCOUNT, MEMBER, OWNER, testEngine } from '../test-support/test-engine.js';
import type { Actor } from '../types.js';
import { createKeysHandler } from './handler.js';

function setup(actor: Actor | null = OWNER, basePath = '/api') {
  const engine = testEngine();
  const onError = vi.fn();
  const handler = createKeysHandler(engine.keys, {
    basePath,
    resolveActor: () => (actor ? { accountId: ACCOUNT, actor } : null),
    onError,
  });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await handler(new Request(`http://localhost${path}`, init));
    const text = await response.text();
    return { response, status: response.status, body: text ? JSON.parse(text) : null };
  };
  return { engine, handler, call, onError };
}

describe('createKeysHandler › reading', () => {
  it('GET /keys lists the account’s keys in the success envelope, no-store', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const { status, body, response } = await call('GET', '/api/keys');
    expect(status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      status: 'success',
      request_id: expect.stringMatching(/^req_/),
      data: [expect.objectContaining({ id: key.id, status: 'Active' })],
    });
  });

  it('GET /keys/:id returns one key without hash or secret', async () => {
    const { engine, call } = setup();
    const { key, secret } = await engine.create();
    const { status, body } = await call('GET', `/api/keys/${key.id}`);
    expect(status).toBe(200);
    expect(body.data.id).toBe(key.id);
    expect(JSON.stringify(body)).not.toContain(secret);
    expect(body.data).not.toHaveProperty('hash');
  });

  it('GET /keys/:id of an unknown key → 404 BSE9004', async () => {
    const { call } = setup();
    const { status, body } = await call('GET', '/api/keys/key_nope');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'BSE9004', type: 'not_found', retryable: false });
  });

  it('GET /keys/:id/logs returns usage logs, newest first, honouring limit', async () => {
    const { engine, call } = setup();
    const { key, secret } = await engine.create();
    for (const path of ['/v1/status', '/v1/usage']) {
      await engine.keys.verify({
        authorization: `Bearer ${secret}`,
        ip: '203.0.113.1',
        method: 'GET',
        path,
      });
      engine.clock.advance(1000);
    }
    await engine.keys.flush();
    const { status, body } = await call('GET', `/api/keys/${key.id}/logs?limit=1`);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ endpoint: '/v1/usage', status: 200 });
  });

  it('GET /keys/:id/logs?limit=abc → 400 BSE2001 naming limit', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const { status, body } = await call('GET', `/api/keys/${key.id}/logs?limit=abc`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BSE2001', details: { field: 'limit' } });
  });

  it('GET /presets returns what the form needs', async () => {
    const { call } = setup(MEMBER);
    const { status, body } = await call('GET', '/api/presets');
    expect(status).toBe(200);
    expect(body.data).toEqual({
      presets: expect.arrayContaining([
        expect.objectContaining({ id: 'full-access', label: 'Full Access' }),
      ]),
      scopes: expect.arrayContaining(['generation:write']),
      graceHours: [1, 6, 12, 24, 48, 72, 168],
      defaultGraceHours: 24,
      maxNameLength: 100,
      maxAllowlistEntries: 50,
    });
    expect(body.data.presets).toHaveLength(4);
  });

  it('GET /audit returns the activity feed', async () => {
    const { engine, call } = setup(MEMBER);
    await engine.create();
    const { body } = await call('GET', '/api/audit');
    expect(body.data).toEqual([expect.objectContaining({ type: 'api_key.created' })]);
  });
});

describe('createKeysHandler › writing', () => {
  it('POST /keys creates a key → 201 with the secret once, and the secret works', async () => {
    const { engine, call } = setup();
    const { status, body } = await call('POST', '/api/keys', {
      name: 'prod-api-worker',
      preset: 'read-only',
    });
    expect(status).toBe(201);
    expect(body.data.key).toMatchObject({
      name: 'prod-api-worker',
      preset: 'read-only',
      status: 'Active',
    });
    const result = await engine.keys.verify({
      authorization: `Bearer ${body.data.secret}`,
      ip: '203.0.113.1',
      method: 'GET',
      path: '/v1/status',
    });
    expect(result.ok).toBe(true);
  });

  it('POST /keys takes accountId and actor from resolveActor, never from the body', async () => {
    const { call } = setup();
    const { body } = await call('POST', '/api/keys', {
      name: 'x',
      preset: 'full-access',
      accountId: 'acct_victim',
      actor: { userId: 'evil', role: 'primary-owner' },
    });
    expect(body.data.key).toMatchObject({ accountId: ACCOUNT, createdBy: OWNER.userId });
  });

  it('POST /keys with an invalid name → 400 BSE2001 with details.field and issues', async () => {
    const { call } = setup();
    const { status, body } = await call('POST', '/api/keys', {
      name: 'x'.repeat(101),
      preset: 'full-access',
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'BSE2001',
      type: 'invalid_input',
      retryable: false,
      details: {
        field: 'name',
        issues: [expect.objectContaining({ field: 'name', rule: 'max_length' })],
      },
    });
  });

  it('POST /keys with every allowlist problem reports each entry', async () => {
    const { call } = setup();
    const { body } = await call('POST', '/api/keys', {
      name: 'x',
      preset: 'full-access',
      allowlist: '1.2.3.4, nope, 10.0.0.0/99',
    });
    expect(body.error.details.issues).toEqual([
      expect.objectContaining({ field: 'allowlist', index: 1, value: 'nope' }),
      expect.objectContaining({ field: 'allowlist', index: 2, value: '10.0.0.0/99' }),
    ]);
  });

  it('POST /keys with malformed JSON → 400 BSE2001', async () => {
    const { call } = setup();
    const { status, body } = await call('POST', '/api/keys', '{"name":');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BSE2001', details: { field: 'body' } });
  });

  it('POST /keys with a JSON array → 400 BSE2001', async () => {
    const { call } = setup();
    expect((await call('POST', '/api/keys', [1, 2])).status).toBe(400);
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/vnd.api+json',
  ])('POST /keys sent as %s (a cross-site form) → 415 BSE9007', async (type) => {
    const { call, engine } = setup();
    const { status, body } = await call(
      'POST',
      '/api/keys',
      '{"name":"x","preset":"full-access"}',
      {
        'content-type': type,
      },
    );
    expect(status).toBe(415);
    expect(body.error).toMatchObject({
      code: 'BSE9007',
      type: 'unsupported_media_type',
      message: expect.stringContaining('Content-Type: application/json'),
      details: { field: 'body', issues: [expect.objectContaining({ rule: 'content_type' })] },
    });
    expect(await engine.keys.list({ accountId: ACCOUNT, actor: OWNER })).toHaveLength(0);
  });

  it('POST /keys as application/json; charset=utf-8 is accepted', async () => {
    const { call } = setup();
    const { status } = await call('POST', '/api/keys', '{"name":"x","preset":"full-access"}', {
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(status).toBe(201);
  });

  it.each([
    ['revoke', 'revoke', 'Active'],
    ['rotate', 'rotate', 'Active'],
  ])(
    'POST /keys/:id/%s with no Content-Type and no body (a cross-site request) → 415, key untouched',
    async (_label, action, statusAfter) => {
      const { call, engine, handler } = setup();
      const { key } = await engine.create();
      const response = await handler(
        new Request(`http://localhost/api/keys/${key.id}/${action}`, { method: 'POST' }),
      );
      expect(response.status).toBe(415);
      expect((await response.json()).error.code).toBe('BSE9007');
      const after = await call('GET', `/api/keys/${key.id}`);
      expect(after.body.data.status).toBe(statusAfter);
    },
  );

  it('POST with no Content-Type is refused before the session is read', async () => {
    const resolveActor = vi.fn(() => ({ accountId: ACCOUNT, actor: OWNER }));
    const handler = createKeysHandler(testEngine().keys, { resolveActor });
    const response = await handler(
      new Request('http://localhost/keys', { method: 'POST', body: '{}' }),
    );
    expect(response.status).toBe(415);
    expect(resolveActor).not.toHaveBeenCalled();
  });

  it('POST /keys/:id/revoke with Content-Type: application/json and no body → 200', async () => {
    const { engine, handler } = setup();
    const { key } = await engine.create();
    const response = await handler(
      new Request(`http://localhost/api/keys/${key.id}/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(response.status).toBe(200);
  });

  it('POST /keys as a member → 403 BSE9003', async () => {
    const { call } = setup(MEMBER);
    const { status, body } = await call('POST', '/api/keys', { name: 'x', preset: 'full-access' });
    expect(status).toBe(403);
    expect(body.error.code).toBe('BSE9003');
  });

  it('POST /keys/:id/rotate with graceHours → 201 { key, secret, previous }', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const { status, body } = await call('POST', `/api/keys/${key.id}/rotate`, { graceHours: 6 });
    expect(status).toBe(201);
    expect(body.data.previous).toMatchObject({
      id: key.id,
      status: 'Rotated',
      graceEndsAt: engine.clock.now() + 6 * 3_600_000,
    });
    expect(body.data.key.rotatedFrom).toBe(key.id);
    expect(body.data.secret).toMatch(/^bye_/);
  });

  it('POST /keys/:id/rotate with a grace not offered → 400 BSE2001', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const { status, body } = await call('POST', `/api/keys/${key.id}/rotate`, { graceHours: 5 });
    expect(status).toBe(400);
    expect(body.error.details.field).toBe('graceHours');
  });

  it('POST /keys/:id/revoke → 200 Revoked; again → 409 BSE9005', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const first = await call('POST', `/api/keys/${key.id}/revoke`, {});
    expect(first.status).toBe(200);
    expect(first.body.data.status).toBe('Revoked');
    const second = await call('POST', `/api/keys/${key.id}/revoke`, {});
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('BSE9005');
  });

  it('POST /keys/:id/revoke makes the key fail on the very next verification', async () => {
    const { engine, call } = setup();
    const { key, secret } = await engine.create();
    const verify = () =>
      engine.keys.verify({
        authorization: `Bearer ${secret}`,
        ip: '203.0.113.1',
        method: 'GET',
        path: '/v1/status',
      });
    expect((await verify()).ok).toBe(true);
    await call('POST', `/api/keys/${key.id}/revoke`, {});
    expect((await verify()).ok).toBe(false);
  });

  it('DELETE /keys/:id → 204 without a body', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const { status, body, response } = await call('DELETE', `/api/keys/${key.id}`);
    expect(status).toBe(204);
    expect(body).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('createKeysHandler › routing and auth', () => {
  it('answers 401 BSE1001 when resolveActor returns null', async () => {
    const { call } = setup(null);
    const { status, body } = await call('GET', '/api/keys');
    expect(status).toBe(401);
    expect(body.error.code).toBe('BSE1001');
  });

  it('answers 404 for a path outside the API', async () => {
    const { call } = setup();
    expect((await call('GET', '/api/nope')).status).toBe(404);
    expect((await call('GET', '/elsewhere/keys')).status).toBe(404);
    expect((await call('GET', '/api/keys/a/b/c')).status).toBe(404);
  });

  it('answers 405 with Allow for a method the path does not have', async () => {
    const { call } = setup();
    const { status, response, body } = await call('PUT', '/api/keys');
    expect(status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(body.error).toMatchObject({ code: 'BSE9006', type: 'method_not_allowed' });
  });

  it('serves at the root when no basePath is given', async () => {
    const { call } = setup(OWNER, '');
    expect((await call('GET', '/keys')).status).toBe(200);
  });

  it('tolerates a trailing slash', async () => {
    const { call } = setup();
    expect((await call('GET', '/api/keys/')).status).toBe(200);
  });

  it('answers 500 without the message when resolveActor throws, and reports it', async () => {
    const engine = testEngine();
    const onError = vi.fn();
    const handler = createKeysHandler(engine.keys, {
      resolveActor: () => {
        throw new Error('db password is hunter2');
      },
      onError,
    });
    const response = await handler(new Request('http://localhost/keys'));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('hunter2');
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('createKeysHandler › pages, account logs and edits', () => {
  it('GET /key-page answers one page, its total and a cursor that fetches the next', async () => {
    const { engine, call } = setup();
    for (const name of ['a', 'b', 'c']) {
      await engine.create({ name });
      engine.clock.advance(1);
    }
    const first = await call('GET', '/api/key-page?limit=2&sort=name');
    expect(first.status).toBe(200);
    expect(first.body.data.keys.map((key: { name: string }) => key.name)).toEqual(['a', 'b']);
    expect(first.body.data.total).toBe(3);
    const cursor = encodeURIComponent(first.body.data.nextCursor);
    const next = await call('GET', `/api/key-page?limit=2&sort=name&cursor=${cursor}`);
    expect(next.body.data).toMatchObject({ keys: [{ name: 'c' }], total: 3, nextCursor: null });
  });

  it('GET /key-page refuses a non-numeric limit with 400 naming the field', async () => {
    const { call } = setup();
    const { status, body } = await call('GET', '/api/key-page?limit=ten');
    expect(status).toBe(400);
    expect(body.error.details.issues[0]).toMatchObject({ field: 'limit' });
  });

  it('GET /logs answers the account-wide feed filtered by outcome', async () => {
    const { engine, call } = setup();
    const { secret } = await engine.create({ preset: 'read-only' });
    const request = (method: string, path: string) =>
      engine.keys.verify({ authorization: `Bearer ${secret}`, ip: '203.0.113.1', method, path });
    await request('GET', '/v1/status');
    await request('POST', '/v1/generate/image/bfl/flux-schnell');
    await engine.keys.flush();
    const { status, body } = await call('GET', '/api/logs?outcome=refused');
    expect(status).toBe(200);
    expect(body.data.logs).toHaveLength(1);
    expect(body.data.logs[0]).toMatchObject({ status: 403 });
    expect(body.data.keys).toHaveLength(1);
  });

  it('PATCH /keys/:id renames a key', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const { status, body } = await call('PATCH', `/api/keys/${key.id}`, { name: 'renamed' });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ id: key.id, name: 'renamed' });
  });

  it('PATCH /keys/:id without a JSON content type is refused 415 and changes nothing', async () => {
    const { engine, call } = setup();
    const { key } = await engine.create();
    const { status } = await call('PATCH', `/api/keys/${key.id}`, '{"name":"x"}', {
      'content-type': 'text/plain',
    });
    expect(status).toBe(415);
    expect((await engine.keys.get({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })).name).toBe(
      'prod-api-worker',
    );
  });

  it('PATCH /keys/:id by a member is 403 ROLE_FORBIDDEN', async () => {
    const { engine } = setup();
    const { key } = await engine.create();
    const handler = createKeysHandler(engine.keys, {
      basePath: '/api',
      resolveActor: () => ({ accountId: ACCOUNT, actor: MEMBER }),
    });
    const response = await handler(
      new Request(`http://localhost/api/keys/${key.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      }),
    );
    expect(response.status).toBe(403);
  });
});
