/**
 * Fastify binding: a `preHandler` hook that verifies the request and sets `request.apiKey`,
 * or answers with the refusal, and a plugin that adds it to the scope it is registered in.
 * `fastify` is an optional peer dependency (only its types are used).
 *
 * @example
 * import { keysPlugin } from '@babysea/keys-core/fastify';
 * app.register(async (api) => {
 *   await api.register(keysPlugin, { keys });
 *   api.get('/v1/status', async (request) => ({ key: request.apiKey?.id }));
 * });
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Keys } from '../lifecycle/keys-api.js';
import type { VerifiedKey, VerifyFailure } from '../verify/results.js';
import { denialAnswer, rateLimitHeaders } from './envelope.js';
import { createGuardCore, type KeysBindingOptions } from './guard.js';
import type { KeysHandler } from './handler.js';
import { sendFetchResponse, toFetchRequest } from './node-handler.js';
import { connInfo, nodeHeader } from './request-input.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified key, set by the keys preHandler. */
    apiKey?: VerifiedKey;
    /** The scope the route required (`null`: authenticate only). */
    apiKeyScope?: string | null;
    /** This request's id, also sent as `X-Request-Id`. */
    requestId?: string;
  }
}

/** Options of {@link keysPreHandler}. */
export interface KeysFastifyOptions extends KeysBindingOptions<FastifyRequest> {
  /** Called on every refusal; send a reply yourself and return `true` to skip the default. */
  onDenied?: (
    failure: VerifyFailure,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => boolean | undefined | Promise<boolean | undefined>;
}

/**
 * Builds the `preHandler` hook (per route: `{ preHandler: keysPreHandler(keys, { scope })
 * }`). Bad options throw here. It sets `request.apiKey`, `apiKeyScope` and `requestId`, and
 * `X-Request-Id` on the reply; a CORS preflight passes through unchecked.
 */
export function keysPreHandler(
  keys: Pick<Keys, 'verify'> & Partial<Pick<Keys, 'policy'>>,
  options: KeysFastifyOptions = {},
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const core = createGuardCore(keys, options, 'keysPreHandler');
  const { onDenied } = options;
  return async (request, reply) => {
    const h = request.headers;
    const decision = await core.decide(
      {
        authorization: nodeHeader(h.authorization),
        method: request.method,
        url: request.url,
        userAgent: nodeHeader(h['user-agent']),
      },
      connInfo(request.socket?.remoteAddress, (name) => nodeHeader(h[name])),
      request,
    );
    const { requestId } = decision;
    request.requestId = requestId;
    reply.header('x-request-id', requestId);
    if (decision.kind === 'preflight') return undefined;
    const result = decision.result;
    const limits = rateLimitHeaders(result);
    for (const name in limits) reply.header(name, limits[name]);
    if (result.ok) {
      request.apiKey = result.key;
      request.apiKeyScope = result.scope;
      // `finish` ends a sent response, `close` an aborted one; release is idempotent.
      if (result.release) {
        reply.raw.once('finish', result.release);
        reply.raw.once('close', result.release);
      }
      return undefined;
    }
    if (onDenied && (await onDenied(result, request, reply)) === true) return reply;
    const answer = denialAnswer(result, requestId);
    // An async hook that answers returns the reply, so Fastify stops the chain there.
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  };
}

/** Options of {@link keysPlugin}. */
export interface KeysPluginOptions extends KeysFastifyOptions {
  keys: Pick<Keys, 'verify'> & Partial<Pick<Keys, 'policy'>>;
}

/**
 * Adds {@link keysPreHandler} to every route of the scope it is registered in (it skips
 * Fastify's encapsulation, as `fastify-plugin` does, so the hook applies to its siblings).
 */
export const keysPlugin: FastifyPluginAsync<KeysPluginOptions> = async (fastify, options) => {
  const { keys, ...rest } = options;
  fastify.addHook('preHandler', keysPreHandler(keys, rest));
};
(keysPlugin as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')] = true;

/** Options of {@link keysManagementPlugin}. */
export interface KeysManagementPluginOptions {
  /** `createKeysHandler(keys, { basePath, resolveActor })`. */
  handler: KeysHandler;
  /** Where the handler is mounted: the same `basePath` you gave it, e.g. `/api`. */
  basePath: string;
}

/**
 * Serves the management API (`createKeysHandler`) in Fastify: every method under `basePath`.
 * The body reaches the handler as sent (Fastify's own JSON parsing and content-type refusals
 * are switched off inside the plugin), so the 415 CSRF rule, the 64 kB limit and the envelope
 * are exactly the fetch handler's.
 *
 * @example
 * await app.register(keysManagementPlugin, { handler: createKeysHandler(keys, { basePath: '/api', resolveActor }), basePath: '/api' });
 */
export const keysManagementPlugin: FastifyPluginAsync<KeysManagementPluginOptions> = async (
  fastify,
  options,
) => {
  const { handler } = options;
  const base = options.basePath.replace(/\/+$/, '');
  fastify.removeAllContentTypeParsers();
  // The body stays unread in `request.raw`, for the handler to read and bound itself.
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.raw;
    const response = await handler(
      toFetchRequest({
        headers: request.headers,
        url: request.url,
        method: request.method,
        [Symbol.asyncIterator]: () => raw[Symbol.asyncIterator](),
      }),
    );
    await sendFetchResponse(response, {
      writeHead: (status, headers) => reply.code(status).headers(headers),
      end: (body) => reply.send(body),
    });
    return reply;
  };
  fastify.all(base === '' ? '/*' : base, serve);
  fastify.all(`${base}/*`, serve);
};
