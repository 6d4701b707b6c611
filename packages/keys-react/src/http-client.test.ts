import { isKeysError, KeysError } from '@babysea/keys-core';
import { describe, expect, it, vi } from 'vitest';
import { createHttpKeysClient } from './http-client.js';
import { apiKey } from './test/fixtures.js';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function ok(data: unknown, status = 200): Response {
  return json(status, { status: 'success', request_id: 'req_1', data });
}

function stub(response: Response | (() => Response)) {
  return vi.fn<typeof globalThis.fetch>(async () =>
    typeof response === 'function' ? response() : response,
  );
}

describe('createHttpKeysClient', () => {
  it('lists keys with GET /keys and unwraps the envelope', async () => {
    const fetch = stub(ok([apiKey()]));
    const client = createHttpKeysClient('/api', { fetch });
    await expect(client.list()).resolves.toEqual([apiKey()]);
    expect(fetch).toHaveBeenCalledWith('/api/keys', expect.objectContaining({ method: 'GET' }));
  });

  it('ignores a trailing slash on the base URL and sends the init headers', async () => {
    const fetch = stub(ok([]));
    await createHttpKeysClient('https://x.test/api/', {
      fetch,
      headers: { 'x-team': 't1' },
      credentials: 'include',
    }).list();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://x.test/api/keys');
    expect(new Headers(init?.headers).get('x-team')).toBe('t1');
    expect(init?.credentials).toBe('include');
  });

  it('creates with POST /keys and a JSON body, returning the key and its secret', async () => {
    const fetch = stub(ok({ key: apiKey(), secret: 'bye_x' }, 201));
    const client = createHttpKeysClient('/api', { fetch });
    const input = { name: 'n', preset: 'read-only', allowlist: ['10.0.0.1'], expiresAt: null };
    await expect(client.create(input)).resolves.toEqual({ key: apiKey(), secret: 'bye_x' });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/keys');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual(input);
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
  });

  it('rotates with POST /keys/:id/rotate and the grace hours', async () => {
    const fetch = stub(ok({ key: apiKey(), secret: 's', previous: apiKey() }, 201));
    await createHttpKeysClient('/api', { fetch }).rotate('key_1', { graceHours: 6 });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/keys/key_1/rotate');
    expect(JSON.parse(String(init?.body))).toEqual({ graceHours: 6 });
  });

  it('revokes with POST /keys/:id/revoke', async () => {
    const fetch = stub(ok(apiKey({ status: 'Revoked' })));
    const revoked = await createHttpKeysClient('/api', { fetch }).revoke('key_1');
    expect(revoked.status).toBe('Revoked');
    expect(fetch.mock.calls[0]![0]).toBe('/api/keys/key_1/revoke');
    expect(fetch.mock.calls[0]![1]?.method).toBe('POST');
  });

  it('sends every POST as application/json with a JSON body, {} when there is nothing to send (the server refuses anything else: CSRF)', async () => {
    const fetch = stub(() => ok(apiKey()));
    const client = createHttpKeysClient('/api', { fetch });
    await client.revoke('key_1');
    await client.rotate('key_1');
    await client.create({ name: 'n', preset: 'read-only' });
    expect(fetch).toHaveBeenCalledTimes(3);
    for (const [, init] of fetch.mock.calls) {
      expect(init?.method).toBe('POST');
      expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
      expect(JSON.parse(String(init?.body))).toBeTypeOf('object');
    }
    expect(fetch.mock.calls[0]![1]?.body).toBe('{}');
    expect(fetch.mock.calls[1]![1]?.body).toBe('{}');
  });

  it('sends no body and no content type on GET and DELETE', async () => {
    const fetch = stub(() => ok([]));
    const client = createHttpKeysClient('/api', { fetch });
    await client.list();
    await client.delete('key_1');
    for (const [, init] of fetch.mock.calls) {
      expect(init?.body).toBeUndefined();
      expect(new Headers(init?.headers).has('content-type')).toBe(false);
    }
  });

  it('deletes with DELETE /keys/:id and accepts the empty 204', async () => {
    const fetch = stub(() => new Response(null, { status: 204 }));
    await expect(createHttpKeysClient('/api', { fetch }).delete('key_1')).resolves.toBeUndefined();
    expect(fetch.mock.calls[0]![1]?.method).toBe('DELETE');
  });

  it('pages logs and audit events with limit and before', async () => {
    const fetch = stub(() => ok([]));
    const client = createHttpKeysClient('/api', { fetch });
    await client.logs('key_1', { limit: 10, before: 5 });
    await client.audit({ limit: 3 });
    expect(fetch.mock.calls[0]![0]).toBe('/api/keys/key_1/logs?limit=10&before=5');
    expect(fetch.mock.calls[1]![0]).toBe('/api/audit?limit=3');
  });

  it('reads the presets from GET /presets', async () => {
    const info = {
      presets: [],
      scopes: [],
      graceHours: [24],
      defaultGraceHours: 24,
      maxNameLength: 100,
      maxAllowlistEntries: 50,
    };
    const fetch = stub(ok(info));
    await expect(createHttpKeysClient('/api', { fetch }).presets()).resolves.toEqual(info);
  });

  it('rebuilds a KeysError from the error envelope, code mapped back from BSE, with issues', async () => {
    const issues = [{ field: 'name', rule: 'max_length', message: 'name: at most 100 characters' }];
    const fetch = stub(
      json(400, {
        status: 'error',
        request_id: 'req_1',
        error: {
          code: 'BSE2001',
          type: 'invalid_input',
          message: 'name: at most 100 characters',
          retryable: false,
          details: { field: 'name', issues },
        },
      }),
    );
    const error = await createHttpKeysClient('/api', { fetch })
      .create({ name: 'x' })
      .catch((e) => e);
    expect(isKeysError(error)).toBe(true);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('name: at most 100 characters');
    expect(error.issues).toEqual(issues);
  });

  it('maps a role refusal (BSE9003) to ROLE_FORBIDDEN', async () => {
    const fetch = stub(
      json(403, {
        status: 'error',
        request_id: 'r',
        error: { code: 'BSE9003', message: 'Members may not create keys.' },
      }),
    );
    const error = await createHttpKeysClient('/api', { fetch })
      .create({ name: 'x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(KeysError);
    expect(error.code).toBe('ROLE_FORBIDDEN');
  });

  it('falls back to the HTTP status when the BSE code is unknown', async () => {
    const fetch = stub(json(409, { status: 'error', error: { code: 'BSE9999', message: 'nope' } }));
    const error = await createHttpKeysClient('/api', { fetch })
      .revoke('k')
      .catch((e) => e);
    expect(error.code).toBe('CONFLICT');
  });

  it('turns a non-JSON error page into a KeysError', async () => {
    const fetch = stub(() => new Response('<h1>Bad gateway</h1>', { status: 503 }));
    const error = await createHttpKeysClient('/api', { fetch })
      .list()
      .catch((e) => e);
    expect(error.code).toBe('STORAGE_UNAVAILABLE');
  });

  it('turns a network failure into a KeysError with the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const fetch = vi.fn<typeof globalThis.fetch>(async () => {
      throw cause;
    });
    const error = await createHttpKeysClient('/api', { fetch })
      .list()
      .catch((e) => e);
    expect(error.code).toBe('INTERNAL');
    expect(error.cause).toBe(cause);
  });

  it('escapes the key id in paths', async () => {
    const fetch = stub(ok(apiKey()));
    await createHttpKeysClient('/api', { fetch }).get('a/b');
    expect(fetch.mock.calls[0]![0]).toBe('/api/keys/a%2Fb');
  });
});
