import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach } from 'vitest';
import { type BindingResponse, describeGuardBinding, type EchoBody } from './binding-suite.js';
import { keysAuth as expressAuth } from './express.js';
import { keysPreHandler } from './fastify.js';
import { createKeysGuard, withHeaders, withRequestId } from './guard.js';
import { keysAuth as honoAuth, type KeysVariables } from './hono.js';

const LOOPBACK = '127.0.0.1';

function fromFetch(response: Response, text: string): BindingResponse {
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    json: () => JSON.parse(text),
  };
}

describeGuardBinding('createKeysGuard', async (keys, options) => {
  const guard = createKeysGuard(keys, options as never);
  return async ({ method = 'GET', path, headers = {} }) => {
    const request = new Request(`https://api.example.com${path}`, { method, headers });
    const auth = await guard(request, { ip: LOOPBACK });
    let response: Response;
    if (auth.ok && path.startsWith('/api/throw')) {
      try {
        throw new Error('handler failed');
      } catch {
        response = new Response(null, { status: 500 });
      } finally {
        auth.release();
      }
    } else if (auth.preflight) {
      const body: EchoBody = { keyId: null, scope: undefined, requestId: auth.requestId, method };
      response = withRequestId(Response.json(body), auth.requestId);
    } else if (!auth.ok) {
      response = auth.response;
    } else {
      const body: EchoBody = {
        keyId: auth.key.id,
        scope: auth.scope,
        requestId: auth.requestId,
        method,
      };
      try {
        response = withHeaders(Response.json(body), auth.headers);
      } finally {
        auth.release();
      }
    }
    return fromFetch(response, await response.text());
  };
});

describeGuardBinding('hono keysAuth', async (keys, options) => {
  const app = new Hono<{ Variables: KeysVariables }>();
  app.use('/api/*', honoAuth(keys, options as never));
  app.all('/api/throw', () => {
    throw new Error('handler failed');
  });
  app.all('/api/*', (c) => {
    const body: EchoBody = {
      keyId: c.get('apiKey')?.id ?? null,
      scope: c.get('apiKeyScope'),
      requestId: c.get('requestId'),
      method: c.req.method,
    };
    return c.json(body);
  });
  const env = { incoming: { socket: { remoteAddress: LOOPBACK } } };
  return async ({ method = 'GET', path, headers = {} }) => {
    const response = await app.request(path, { method, headers }, env);
    return fromFetch(response, await response.text());
  };
});

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describeGuardBinding('express keysAuth', async (keys, options) => {
  const app = express();
  app.use('/api', expressAuth(keys, options as never));
  app.all('/api/throw', () => {
    throw new Error('handler failed');
  });
  // Express's default handler prints the stack; the suite's 500 is expected.
  app.use((_error: unknown, _req: unknown, res: express.Response, _next: unknown) => {
    res.status(500).end();
  });
  app.all('/api/*rest', (req, res) => {
    const body: EchoBody = {
      keyId: req.apiKey?.id ?? null,
      scope: req.apiKeyScope,
      requestId: req.requestId,
      method: req.method,
    };
    res.json(body);
  });
  const server = app.listen(0, LOOPBACK);
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return async ({ method = 'GET', path, headers = {} }) => {
    const response = await fetch(`http://${LOOPBACK}:${port}${path}`, { method, headers });
    return fromFetch(response, await response.text());
  };
});

describeGuardBinding('fastify keysPreHandler', async (keys, options) => {
  const app = Fastify();
  const preHandler = keysPreHandler(keys, options as never);
  app.route({
    method: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    url: '/api/*',
    preHandler,
    handler: async (request) => {
      if (request.url.startsWith('/api/throw')) throw new Error('handler failed');
      const body: EchoBody = {
        keyId: request.apiKey?.id ?? null,
        scope: request.apiKeyScope,
        requestId: request.requestId,
        method: request.method,
      };
      return body;
    },
  });
  servers.push({ close: () => void app.close() });
  return async ({ method = 'GET', path, headers = {} }) => {
    const response = await app.inject({
      method: method as 'GET',
      url: path,
      headers,
      remoteAddress: LOOPBACK,
    });
    return {
      status: response.statusCode,
      header: (name) => {
        const value = response.headers[name];
        return value === undefined ? null : String(value);
      },
      json: () => response.json(),
    };
  };
});
