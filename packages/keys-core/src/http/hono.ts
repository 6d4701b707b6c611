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
import { denialAnswer, rateLimitHeaders, toResponse } from './envelope.js';
import {
  createGuardCore,
  fetchConnInfo,
  fetchRequestParts,
  type KeysBindingOptions,
} from './guard.js';

/** What {@link keysAuth} sets on the context. */
export interface KeysVariables {
  /** The verified key. */
  apiKey: VerifiedKey;
  /** The scope the route required (`null` with `scope: null`: authenticate only). */
  apiKeyScope: string | null;
  /** This request's id, also sent as `X-Request-Id` (success and refusal alike). */
  requestId: string;
}

/** Options of {@link keysAuth}. */
export interface KeysHonoOptions extends KeysBindingOptions<Context> {
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

/**
 * The peer address the common Hono runtimes expose on `c.env` (`@hono/node-server`'s socket,
 * Bun's `requestIP`, Deno's `remoteAddr`), without importing them; `conn.peer` in
 * `getClientIp`. Elsewhere use your adapter's `getConnInfo`:
 * `getClientIp: (_conn, c) => getConnInfo(c).remote.address`.
 */
export function honoPeerAddress(c: Context): string | null {
  const env = c.env as RuntimeEnv | undefined;
  if (!env || typeof env !== 'object') return null;
  const incoming = env.incoming ?? env.server?.incoming;
  if (incoming) return incoming.socket?.remoteAddress ?? null;
  if (typeof env.requestIP === 'function') return env.requestIP(c.req.raw)?.address ?? null;
  return env.remoteAddr?.hostname ?? null;
}

/**
 * Builds the middleware. Bad options (a scope the engine does not know) throw here, not on
 * the first request. Every response that passes through it carries `X-Request-Id`, the id
 * the route reads as `c.get('requestId')`; a CORS preflight passes through unchecked.
 */
export function keysAuth(
  keys: Pick<Keys, 'verify'> & Partial<Pick<Keys, 'policy'>>,
  options: KeysHonoOptions = {},
): MiddlewareHandler<{ Variables: KeysVariables }> {
  const core = createGuardCore(keys, options, 'keysAuth');
  const { onDenied } = options;
  return async (c, next) => {
    const request = c.req.raw;
    const decision = await core.decide(
      fetchRequestParts(request),
      fetchConnInfo(request, honoPeerAddress(c)),
      c,
    );
    const { requestId } = decision;
    c.set('requestId', requestId);
    if (decision.kind === 'verified') {
      const result = decision.result;
      if (!result.ok) {
        const custom = onDenied ? await onDenied(result, c) : undefined;
        return custom instanceof Response ? custom : toResponse(denialAnswer(result, requestId));
      }
      c.set('apiKey', result.key);
      c.set('apiKeyScope', result.scope);
      try {
        await next();
      } finally {
        result.release?.();
      }
      c.header('x-request-id', requestId);
      const limits = rateLimitHeaders(result);
      for (const name in limits) c.header(name, limits[name]);
      return;
    }
    await next();
    c.header('x-request-id', requestId);
  };
}
