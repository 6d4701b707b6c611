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
import { denialAnswer, type HttpAnswer, rateLimitHeaders } from './envelope.js';
import { createGuardCore, type KeysBindingOptions } from './guard.js';
import { connInfo, nodeHeader } from './request-input.js';

declare global {
  // Express's documented extension point: `req.apiKey` is typed in every handler.
  namespace Express {
    interface Request {
      /** The verified key, set by `keysAuth`. */
      apiKey?: VerifiedKey;
      /** The scope the route required (`null`: authenticate only). */
      apiKeyScope?: string | null;
      /** This request's id, also sent as `X-Request-Id`. */
      requestId?: string;
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
  apiKeyScope?: string | null;
  requestId?: string;
}

/** The response as the middleware writes it (Node's `ServerResponse`, structurally). */
export interface KeysExpressResponse {
  setHeader(name: string, value: string): unknown;
  /** Node's `ServerResponse` events: the concurrency slot is freed on `finish` or `close`. */
  once?(event: 'finish' | 'close', listener: () => void): unknown;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string | null): unknown;
}

/** Options of {@link keysAuth}. */
export interface KeysExpressOptions extends KeysBindingOptions<KeysExpressRequest> {
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

/**
 * Sends an answer (status, headers, JSON body) on a Node response: with `errorAnswer`, how
 * an Express or `node:http` app answers its own errors in the guard's envelope.
 *
 * @example
 * writeAnswer(res, errorAnswer(409, { code: 'ORD4091', type: 'conflict', message: 'Order already paid', retryable: false }, req.requestId!));
 */
export function writeAnswer(
  res: Pick<KeysExpressResponse, 'writeHead' | 'end'>,
  answer: HttpAnswer,
): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/**
 * Builds the middleware. Bad options throw here, not on the first request. It sets
 * `req.apiKey`, `req.apiKeyScope` and `req.requestId`, and `X-Request-Id` on the response; a
 * CORS preflight passes through unchecked to the next middleware (your `cors()`).
 */
export function keysAuth(
  keys: Pick<Keys, 'verify'> & Partial<Pick<Keys, 'policy'>>,
  options: KeysExpressOptions = {},
): KeysExpressMiddleware {
  const core = createGuardCore(keys, options, 'keysAuth');
  const { onDenied } = options;
  async function run(req: KeysExpressRequest, res: KeysExpressResponse): Promise<boolean> {
    const h = req.headers;
    const decision = await core.decide(
      {
        authorization: nodeHeader(h.authorization),
        method: req.method ?? 'GET',
        // Mounted routers rewrite `req.url`; the route table speaks full paths.
        url: req.originalUrl ?? req.url ?? '/',
        userAgent: nodeHeader(h['user-agent']),
      },
      connInfo(req.socket?.remoteAddress, (name) => nodeHeader(h[name])),
      req,
    );
    const { requestId } = decision;
    req.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    if (decision.kind === 'preflight') return true;
    const result = decision.result;
    const limits = rateLimitHeaders(result);
    for (const name in limits) res.setHeader(name, limits[name] as string);
    if (result.ok) {
      req.apiKey = result.key;
      req.apiKeyScope = result.scope;
      // `finish` ends a sent response, `close` an aborted one; release is idempotent.
      if (result.release) {
        res.once?.('finish', result.release);
        res.once?.('close', result.release);
      }
      return true;
    }
    if (onDenied && (await onDenied(result, req, res)) === true) return false;
    writeAnswer(res, denialAnswer(result, requestId));
    return false;
  }
  return (req, res, next) => {
    run(req, res).then((admitted) => {
      if (admitted) next();
    }, next);
  };
}

export { toNodeHandler as keysManagement } from './node-handler.js';
