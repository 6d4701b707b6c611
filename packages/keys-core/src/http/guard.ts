/**
 * The fetch-style guard: `(request, info?) => { ok: true, key } | { ok: false, response }`,
 * for anything that speaks `Request`/`Response` (Hono, Next.js route handlers, Bun, Deno,
 * Cloudflare Workers). The Express, Fastify and Hono middlewares are thin wrappers over the
 * same pieces.
 */
import type { AllowlistMatcher } from '../allowlist/index.js';
import type { Keys } from '../lifecycle/keys-api.js';
import { type ForwardedHeader, resolveForwardedHeader } from '../verify/client-ip.js';
import type { VerifiedKey, VerifyFailure } from '../verify/results.js';
import { compileTrustedProxies } from '../verify/verifier.js';
import { denialAnswer, newRequestId, toResponse } from './envelope.js';
import { type RequestParts, toVerifyInput } from './request-input.js';

/** Options shared by every binding. */
export interface KeysBindingOptions {
  /**
   * Proxies (addresses or CIDR) whose `X-Forwarded-For` / `Forwarded` headers are believed
   * when the request comes from one of them; the client is then the right-most hop that is
   * not a trusted proxy. Given here, it replaces `createKeys({ trustedProxies })` for this
   * binding (`[]`: believe no one). @default the engine's `trustedProxies` (none)
   * @example ['10.0.0.0/8', '::1']
   */
  trustedProxies?: readonly string[];
  /**
   * The one forwarding header believed from a trusted proxy; the other is ignored (a proxy
   * that appends to `X-Forwarded-For`, as nginx and AWS ALB do, passes a client's own
   * `Forwarded` through). With this binding's `trustedProxies` it defaults to
   * `'x-forwarded-for'`; without them, only this header is passed on to the engine, which
   * reads its own `forwardedHeader`. @default 'x-forwarded-for' (the engine's, without
   * `trustedProxies` here)
   */
  forwardedHeader?: ForwardedHeader;
}

/** Options of {@link createKeysGuard}. */
export interface KeysGuardOptions extends KeysBindingOptions {
  /**
   * The peer address of a request when `info.ip` is not given. Fetch `Request`s carry no
   * socket, so pass `info.ip` (Bun: `server.requestIP(req)?.address`; Deno:
   * `info.remoteAddr.hostname`) or read what your platform's edge sets, e.g.
   * `(req) => req.headers.get('cf-connecting-ip')` on Cloudflare. Without either, the IP is
   * unknown: keys without an allowlist work, keys with one are refused (fail closed).
   */
  getClientIp?: (request: Request) => string | null | undefined;
  /**
   * Called on every refusal with the exact result (its `reason` is for your logs only).
   * Return a `Response` to answer differently; return nothing for the default JSON envelope.
   */
  onDenied?: (
    failure: VerifyFailure,
    request: Request,
  ) => Response | undefined | Promise<Response | undefined>;
}

/** What the guard decides. */
export type KeysGuardResult =
  | { ok: true; key: VerifiedKey; scope: string }
  | { ok: false; response: Response; failure: VerifyFailure };

/** The guard function returned by {@link createKeysGuard}. */
export type KeysGuard = (
  request: Request,
  info?: { ip?: string | null },
) => Promise<KeysGuardResult>;

/**
 * The binding's own compiled trusted proxies: `undefined` when it has none of its own (the
 * engine's apply), `null` for an explicit empty list. Throws `INVALID_CONFIGURATION` early.
 */
export function bindingTrustedProxies(
  options: KeysBindingOptions | undefined,
): AllowlistMatcher | null | undefined {
  return options?.trustedProxies === undefined
    ? undefined
    : compileTrustedProxies(options.trustedProxies);
}

/** The binding's own `forwardedHeader`, validated (`INVALID_CONFIGURATION`), or `undefined`. */
export function bindingForwardedHeader(
  options: KeysBindingOptions | undefined,
): ForwardedHeader | undefined {
  return options?.forwardedHeader === undefined
    ? undefined
    : resolveForwardedHeader(options.forwardedHeader);
}

/** The parts of a fetch `Request` a verification needs. */
export function fetchRequestParts(request: Request, peer: string | null | undefined): RequestParts {
  const headers = request.headers;
  return {
    authorization: headers.get('authorization'),
    peer,
    method: request.method,
    url: request.url,
    userAgent: headers.get('user-agent'),
    forwarding: {
      xForwardedFor: headers.get('x-forwarded-for'),
      forwarded: headers.get('forwarded'),
    },
  };
}

/**
 * Builds a guard over `keys.verify`.
 *
 * @example
 * const guard = createKeysGuard(keys);
 * export default {
 *   async fetch(request: Request, server: Bun.Server) {
 *     const auth = await guard(request, { ip: server.requestIP(request)?.address });
 *     if (!auth.ok) return auth.response;
 *     return Response.json({ hello: auth.key.name });
 *   },
 * };
 */
export function createKeysGuard(
  keys: Pick<Keys, 'verify'>,
  options: KeysGuardOptions = {},
): KeysGuard {
  const trusted = bindingTrustedProxies(options);
  const forwardedHeader = bindingForwardedHeader(options);
  const { getClientIp, onDenied } = options;
  return async (request, info) => {
    const peer = info?.ip ?? getClientIp?.(request) ?? null;
    const parts = fetchRequestParts(request, peer);
    const result = await keys.verify(toVerifyInput(parts, trusted, forwardedHeader));
    if (result.ok) return { ok: true, key: result.key, scope: result.scope };
    const custom = onDenied ? await onDenied(result, request) : undefined;
    const response =
      custom instanceof Response ? custom : toResponse(denialAnswer(result, newRequestId()));
    return { ok: false, response, failure: result };
  };
}
