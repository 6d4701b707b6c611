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
import { denialAnswer, newRequestId } from './envelope.js';
import { bindingForwardedHeader, bindingTrustedProxies, type KeysBindingOptions } from './guard.js';
import { toVerifyInput } from './request-input.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified key, set by the keys preHandler. */
    apiKey?: VerifiedKey;
    /** The scope the route required. */
    apiKeyScope?: string;
  }
}

/** Options of {@link keysPreHandler}. */
export interface KeysFastifyOptions extends KeysBindingOptions {
  /** The peer address. @default request.socket.remoteAddress */
  getClientIp?: (request: FastifyRequest) => string | null | undefined;
  /** Called on every refusal; send a reply yourself and return `true` to skip the default. */
  onDenied?: (
    failure: VerifyFailure,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => boolean | undefined | Promise<boolean | undefined>;
}

function header(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Builds the `preHandler` hook. Invalid `trustedProxies` throw here. */
export function keysPreHandler(
  keys: Pick<Keys, 'verify'>,
  options: KeysFastifyOptions = {},
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const trusted = bindingTrustedProxies(options);
  const forwardedHeader = bindingForwardedHeader(options);
  const { getClientIp, onDenied } = options;
  return async (request, reply) => {
    const h = request.headers;
    const result = await keys.verify(
      toVerifyInput(
        {
          authorization: header(h.authorization),
          peer: getClientIp ? getClientIp(request) : request.socket?.remoteAddress,
          method: request.method,
          url: request.url,
          userAgent: header(h['user-agent']),
          forwarding: {
            xForwardedFor: header(h['x-forwarded-for']),
            forwarded: header(h.forwarded),
          },
        },
        trusted,
        forwardedHeader,
      ),
    );
    if (result.ok) {
      request.apiKey = result.key;
      request.apiKeyScope = result.scope;
      return undefined;
    }
    if (onDenied && (await onDenied(result, request, reply)) === true) return reply;
    const answer = denialAnswer(result, newRequestId());
    // An async hook that answers returns the reply, so Fastify stops the chain there.
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  };
}

/** Options of {@link keysPlugin}. */
export interface KeysPluginOptions extends KeysFastifyOptions {
  keys: Pick<Keys, 'verify'>;
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
