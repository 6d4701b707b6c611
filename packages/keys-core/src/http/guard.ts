/**
 * The fetch-style guard: `(request, info?) => { ok: true, key } | { ok: false, response }`,
 * for anything that speaks `Request`/`Response` (Hono, Next.js route handlers, Bun, Deno,
 * Cloudflare Workers). The Express, Fastify and Hono middlewares are thin wrappers over the
 * same core ({@link createGuardCore}): one place decides the scope, the client IP, the request
 * id and the CORS preflight rule for every binding.
 */
import { KeysError } from '../errors/keys-error.js';
import type { Keys } from '../lifecycle/keys-api.js';
import type { VerifiedKey, VerifyFailure, VerifyResult } from '../verify/results.js';
import { type ConnInfo, type GetClientIp, socketPeer } from './client-ip.js';
import { denialAnswer, newRequestId, rateLimitHeaders, toResponse } from './envelope.js';

const noop = () => {};

import { connInfo, type RequestParts, toVerifyInput } from './request-input.js';

/** Options shared by every binding (`Request` is the framework's request object). */
export interface KeysBindingOptions<Request = unknown> {
  /**
   * The scope every request through this middleware needs: authenticate, then require it (no
   * route table needed). `null`: authenticate only; the handler reads the key's `scopes`.
   * @default the route table of `createKeys({ routes })` decides per method and path
   * @example 'orders:write'
   */
  scope?: string | null;
  /**
   * The client's address for one request. Default: the socket's peer, no forwarding header
   * believed. Behind a proxy: `trustProxies(['10.0.0.0/8'])`. Your platform's edge header:
   * `(conn) => conn.header('cf-connecting-ip')`. `null`: unknown (keys with an allowlist are
   * then refused).
   */
  getClientIp?: GetClientIp<Request>;
}

/** What a binding hands the core for one request. */
export type GuardRequestParts = Omit<RequestParts, 'ip'>;

/** The core's decision for one request. */
export type GuardDecision =
  | { kind: 'preflight'; requestId: string }
  | { kind: 'verified'; requestId: string; result: VerifyResult };

/** The checks every binding runs, built once per middleware. */
export interface GuardCore<Request> {
  decide(parts: GuardRequestParts, conn: ConnInfo, request: Request): Promise<GuardDecision>;
}

type GuardedKeys = Pick<Keys, 'verify'> & Partial<Pick<Keys, 'policy'>>;

function invalid(message: string): KeysError {
  return new KeysError('INVALID_CONFIGURATION', message);
}

/**
 * A CORS preflight: `OPTIONS` with `Access-Control-Request-Method`. A browser never sends
 * credentials on it, so refusing it would make a guarded API uncallable cross-origin; it
 * passes through to the app's CORS handling, which answers it without running a route.
 */
export function isPreflight(method: string, conn: ConnInfo): boolean {
  return (
    method.toUpperCase() === 'OPTIONS' && conn.header('access-control-request-method') !== null
  );
}

/**
 * Validates a binding's options (throws `INVALID_CONFIGURATION` at start-up, naming the
 * option) and returns the per-request core.
 */
export function createGuardCore<Request>(
  keys: GuardedKeys,
  options: KeysBindingOptions<Request> | undefined,
  binding: string,
): GuardCore<Request> {
  if (typeof keys?.verify !== 'function') {
    throw invalid(`${binding}: expected the engine from createKeys()`);
  }
  const given = (options ?? {}) as KeysBindingOptions<Request> & Record<string, unknown>;
  for (const moved of ['trustedProxies', 'forwardedHeader']) {
    if (given[moved] !== undefined) {
      throw invalid(
        `${binding}: ${moved} was replaced by getClientIp: trustProxies([...], { header }) from '@babysea/keys-core/http'`,
      );
    }
  }
  const { scope } = given;
  if (scope !== undefined && scope !== null) {
    if (typeof scope !== 'string') throw invalid(`${binding}: scope must be a string or null`);
    if (keys.policy && !keys.policy.scopes.includes(scope)) {
      throw invalid(
        `${binding}: scope ${JSON.stringify(scope)} is not one of createKeys({ scopes }): ${keys.policy.scopes.join(', ')}`,
      );
    }
  }
  const getClientIp = (given.getClientIp ?? socketPeer) as GetClientIp<Request>;
  if (typeof getClientIp !== 'function') {
    throw invalid(`${binding}: getClientIp must be a function (conn, request) => string | null`);
  }
  return {
    async decide(parts, conn, request) {
      const requestId = newRequestId();
      if (isPreflight(parts.method, conn)) return { kind: 'preflight', requestId };
      const input = toVerifyInput({ ...parts, ip: getClientIp(conn, request) });
      if (scope !== undefined) input.scope = scope;
      return { kind: 'verified', requestId, result: await keys.verify(input) };
    },
  };
}

/** Options of {@link createKeysGuard}. */
export interface KeysGuardOptions extends KeysBindingOptions<Request> {
  /**
   * Called on every refusal with the exact result (its `reason` is for your logs only).
   * Return a `Response` to answer differently; return nothing for the default JSON envelope.
   */
  onDenied?: (
    failure: VerifyFailure,
    request: Request,
  ) => Response | undefined | Promise<Response | undefined>;
}

/** What the guard decides. Every variant carries the request's id (`X-Request-Id`). */
export type KeysGuardResult =
  | {
      ok: true;
      preflight?: false;
      key: VerifiedKey;
      scope: string | null;
      requestId: string;
      /**
       * `X-Request-Id` and, with limits on, `X-RateLimit-*`: put them on your response
       * (`withHeaders(response, auth.headers)`).
       */
      headers: Record<string, string>;
      /**
       * Frees the request's concurrency slot (a no-op without a concurrency limit): call it
       * in `finally` once your handler has finished or thrown.
       */
      release: () => void;
    }
  | {
      ok: false;
      preflight?: false;
      response: Response;
      failure: VerifyFailure;
      requestId: string;
    }
  /**
   * A CORS preflight, not checked (browsers send no credentials on it): answer it with your
   * CORS handling (check `auth.preflight` first). `response` is a bare 204 without CORS
   * headers, so an app without CORS that returns it lets the browser refuse, as before.
   */
  | { ok: false; preflight: true; response: Response; failure: null; requestId: string };

/** The guard function returned by {@link createKeysGuard}. */
export type KeysGuard = (
  request: Request,
  info?: { ip?: string | null },
) => Promise<KeysGuardResult>;

/** The headers of a fetch `Request` as a {@link ConnInfo} over the given peer. */
export function fetchConnInfo(request: Request, peer: string | null | undefined): ConnInfo {
  const headers = request.headers;
  return connInfo(peer, (name) => headers.get(name));
}

/** The parts of a fetch `Request` a verification needs. */
export function fetchRequestParts(request: Request): GuardRequestParts {
  const headers = request.headers;
  return {
    authorization: headers.get('authorization'),
    method: request.method,
    url: request.url,
    userAgent: headers.get('user-agent'),
  };
}

/**
 * A copy of `response` carrying `X-Request-Id` (a fetch `Response`'s headers may be
 * immutable, so it is rebuilt around the same body).
 */
export function withRequestId(response: Response, requestId: string): Response {
  return withHeaders(response, { 'x-request-id': requestId });
}

/**
 * A copy of `response` carrying `extra` headers (the guard's `auth.headers`: `X-Request-Id`
 * and `X-RateLimit-*`), rebuilt around the same body.
 */
export function withHeaders(response: Response, extra: Record<string, string>): Response {
  const headers = new Headers(response.headers);
  for (const name in extra) headers.set(name, extra[name] as string);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/**
 * Builds a guard over `keys.verify`. `info.ip` is the socket's peer (fetch `Request`s carry
 * none: Bun `server.requestIP(req)?.address`, Deno `info.remoteAddr.hostname`); `getClientIp`
 * decides the client from it. Put `requestId` on your answer (`withRequestId`).
 *
 * @throws {KeysError} `INVALID_CONFIGURATION` for a scope outside the engine's scopes
 * @example
 * const guard = createKeysGuard(keys, { scope: 'orders:read' });
 * export default {
 *   async fetch(request: Request, server: Bun.Server) {
 *     const auth = await guard(request, { ip: server.requestIP(request)?.address });
 *     if (auth.preflight) return new Response(null, { status: 204 });
 *     if (!auth.ok) return auth.response;
 *     try {
 *       return withHeaders(Response.json({ hello: auth.key.name }), auth.headers);
 *     } finally {
 *       auth.release(); // frees the concurrency slot, if limits.concurrency is set
 *     }
 *   },
 * };
 */
export function createKeysGuard(keys: GuardedKeys, options: KeysGuardOptions = {}): KeysGuard {
  const core = createGuardCore(keys, options, 'createKeysGuard');
  const { onDenied } = options;
  return async (request, info) => {
    const decision = await core.decide(
      fetchRequestParts(request),
      fetchConnInfo(request, info?.ip),
      request,
    );
    const { requestId } = decision;
    if (decision.kind === 'preflight') {
      const response = new Response(null, {
        status: 204,
        headers: { 'x-request-id': requestId, vary: 'Origin' },
      });
      return { ok: false, preflight: true, response, failure: null, requestId };
    }
    const result = decision.result;
    if (result.ok) {
      return {
        ok: true,
        key: result.key,
        scope: result.scope,
        requestId,
        headers: { 'x-request-id': requestId, ...rateLimitHeaders(result) },
        release: result.release ?? noop,
      };
    }
    const custom = onDenied ? await onDenied(result, request) : undefined;
    const response =
      custom instanceof Response ? custom : toResponse(denialAnswer(result, requestId));
    return { ok: false, response, failure: result, requestId };
  };
}
