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
import { denialAnswer } from './envelope.js';
import { createGuardCore, type KeysBindingOptions } from './guard.js';
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
    if (result.ok) {
      request.apiKey = result.key;
      request.apiKeyScope = result.scope;
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
