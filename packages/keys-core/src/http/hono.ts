/**
 * Hono middleware: verifies the request and puts the key on the context
 * (`c.get('apiKey')`), or answers with the refusal. `hono` is an optional peer dependency.
 *
 * @example
 * import { keysAuth } from '@babysea/keys-core/hono';
 * const app = new Hono<{ Variables: KeysVariables }>();
 * app.use('/v1/*', keysAuth(keys));
 * app.get('/v1/status', (c) => c.json({ key: c.get('apiKey').id }));
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Keys } from '../lifecycle/keys-api.js';
import type { VerifiedKey, VerifyFailure } from '../verify/results.js';
import { denialAnswer, newRequestId, toResponse } from './envelope.js';
import {
  bindingForwardedHeader,
  bindingTrustedProxies,
  fetchRequestParts,
  type KeysBindingOptions,
} from './guard.js';
import { toVerifyInput } from './request-input.js';

/** What {@link keysAuth} sets on the context. */
export interface KeysVariables {
  /** The verified key. */
  apiKey: VerifiedKey;
  /** The scope the route required. */
  apiKeyScope: string;
}

/** Options of {@link keysAuth}. */
export interface KeysHonoOptions extends KeysBindingOptions {
  /**
   * The peer address. Default: the socket of `@hono/node-server` (`c.env.incoming`), Bun's
   * `c.env.requestIP`, or Deno's `c.env.remoteAddr`; else unknown (keys with an allowlist are
   * then refused). Other runtimes: pass your adapter's `getConnInfo`, e.g.
   * `(c) => getConnInfo(c).remote.address`.
   */
  getClientIp?: (c: Context) => string | null | undefined;
  /** Called on every refusal; return a `Response` to answer differently. */
  onDenied?: (
    failure: VerifyFailure,
    c: Context,
  ) => Response | undefined | Promise<Response | undefined>;
}

interface RuntimeEnv {
  incoming?: { socket?: { remoteAddress?: string } };
  server?: { incoming?: { socket?: { remoteAddress?: string } } };
  requestIP?: (request: Request) => { address?: string } | null;
  remoteAddr?: { hostname?: string };
}

/** The peer address the common Hono runtimes expose on `c.env`, without importing them. */
export function honoPeerAddress(c: Context): string | null {
  const env = c.env as RuntimeEnv | undefined;
  if (!env || typeof env !== 'object') return null;
  const incoming = env.incoming ?? env.server?.incoming;
  if (incoming) return incoming.socket?.remoteAddress ?? null;
  if (typeof env.requestIP === 'function') return env.requestIP(c.req.raw)?.address ?? null;
  return env.remoteAddr?.hostname ?? null;
}

/** Builds the middleware. Invalid `trustedProxies` throw here, not on the first request. */
export function keysAuth(
  keys: Pick<Keys, 'verify'>,
  options: KeysHonoOptions = {},
): MiddlewareHandler<{ Variables: KeysVariables }> {
  const trusted = bindingTrustedProxies(options);
  const forwardedHeader = bindingForwardedHeader(options);
  const getClientIp = options.getClientIp ?? honoPeerAddress;
  const { onDenied } = options;
  return async (c, next) => {
    const parts = fetchRequestParts(c.req.raw, getClientIp(c));
    const result = await keys.verify(toVerifyInput(parts, trusted, forwardedHeader));
    if (!result.ok) {
      const custom = onDenied ? await onDenied(result, c) : undefined;
      return custom instanceof Response ? custom : toResponse(denialAnswer(result, newRequestId()));
    }
    c.set('apiKey', result.key);
    c.set('apiKeyScope', result.scope);
    await next();
  };
}
