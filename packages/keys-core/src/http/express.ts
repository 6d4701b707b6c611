/**
 * Express / Connect middleware: verifies the request and sets `req.apiKey`, or answers with
 * the refusal. `express` is an optional peer dependency (only its types are used).
 *
 * @example
 * import { keysAuth } from '@babysea/keys-core/express';
 * app.use('/v1', keysAuth(keys));
 * app.get('/v1/status', (req, res) => res.json({ key: req.apiKey?.id }));
 */
import type { Keys } from '../lifecycle/keys-api.js';
import type { VerifiedKey, VerifyFailure } from '../verify/results.js';
import { denialAnswer, newRequestId } from './envelope.js';
import { bindingForwardedHeader, bindingTrustedProxies, type KeysBindingOptions } from './guard.js';
import { toVerifyInput } from './request-input.js';

declare global {
  // Express's documented extension point: `req.apiKey` is typed in every handler.
  namespace Express {
    interface Request {
      /** The verified key, set by `keysAuth`. */
      apiKey?: VerifiedKey;
      /** The scope the route required. */
      apiKeyScope?: string;
    }
  }
}

/**
 * The request as the middleware reads it: Node's `IncomingMessage` (structurally, so that no
 * `node:` import is needed), plus Express's `originalUrl` when mounted.
 */
export interface KeysExpressRequest {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
  originalUrl?: string;
  socket?: { remoteAddress?: string } | null;
  apiKey?: VerifiedKey;
  apiKeyScope?: string;
}

/** The response as the middleware writes it (Node's `ServerResponse`, structurally). */
export interface KeysExpressResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string | null): unknown;
}

/** Options of {@link keysAuth}. */
export interface KeysExpressOptions extends KeysBindingOptions {
  /** The peer address. @default req.socket.remoteAddress */
  getClientIp?: (req: KeysExpressRequest) => string | null | undefined;
  /**
   * Called on every refusal. Return `true` when you have answered yourself; anything else
   * sends the default JSON envelope.
   */
  onDenied?: (
    failure: VerifyFailure,
    req: KeysExpressRequest,
    res: KeysExpressResponse,
  ) => boolean | undefined | Promise<boolean | undefined>;
}

/** A Connect-style middleware. */
export type KeysExpressMiddleware = (
  req: KeysExpressRequest,
  res: KeysExpressResponse,
  next: (error?: unknown) => void,
) => void;

function header(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Builds the middleware. Invalid `trustedProxies` throw here, not on the first request. */
export function keysAuth(
  keys: Pick<Keys, 'verify'>,
  options: KeysExpressOptions = {},
): KeysExpressMiddleware {
  const trusted = bindingTrustedProxies(options);
  const forwardedHeader = bindingForwardedHeader(options);
  const { getClientIp, onDenied } = options;
  async function run(req: KeysExpressRequest, res: KeysExpressResponse): Promise<boolean> {
    const h = req.headers;
    const input = toVerifyInput(
      {
        authorization: header(h.authorization),
        peer: getClientIp ? getClientIp(req) : req.socket?.remoteAddress,
        method: req.method ?? 'GET',
        // Mounted routers rewrite `req.url`; the route table speaks full paths.
        url: req.originalUrl ?? req.url ?? '/',
        userAgent: header(h['user-agent']),
        forwarding: { xForwardedFor: header(h['x-forwarded-for']), forwarded: header(h.forwarded) },
      },
      trusted,
      forwardedHeader,
    );
    const result = await keys.verify(input);
    if (result.ok) {
      req.apiKey = result.key;
      req.apiKeyScope = result.scope;
      return true;
    }
    if (onDenied && (await onDenied(result, req, res)) === true) return false;
    const answer = denialAnswer(result, newRequestId());
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return false;
  }
  return (req, res, next) => {
    run(req, res).then((admitted) => {
      if (admitted) next();
    }, next);
  };
}
