/**
 * The management API for Node servers: `node:http`, Express/Connect and Fastify, as thin
 * bridges from Node's request to the fetch handler (`createKeysHandler`), so that every
 * binding answers exactly the same (the 415 CSRF rule, the 64 kB limit, the envelope). No
 * `node:` import: Node's request and response are read structurally.
 */
import type { KeysHandler } from './handler.js';

/** Node's `IncomingMessage`, structurally (plus what Express adds). */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string;
  url?: string;
  /** Express: the URL before mounting rewrote `url`. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by a body parser that ran first (Express `express.json()`, Fastify). */
  body?: unknown;
}

/** Node's `ServerResponse`, structurally. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
}

const BODYLESS = new Set(['GET', 'HEAD']);

function headersOf(request: NodeRequestLike): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
}

/** The request body as a stream the handler reads (and stops reading past its limit). */
function streamOf(request: NodeRequestLike): ReadableStream<Uint8Array> {
  const iterator = request[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else
        controller.enqueue(
          typeof value === 'string' ? encoder.encode(value) : (value as Uint8Array),
        );
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** A body a parser already read, back to the text the handler expects. */
function parsedBody(body: unknown): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return JSON.stringify(body);
}

/** A fetch `Request` for a Node request. */
export function toFetchRequest(request: NodeRequestLike): Request {
  const method = (request.method ?? 'GET').toUpperCase();
  const headers = headersOf(request);
  const host = headers.get('host') ?? 'localhost';
  const url = `http://${host}${request.originalUrl ?? request.url ?? '/'}`;
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (!BODYLESS.has(method)) {
    if (request.body !== undefined) {
      init.body = parsedBody(request.body) as BodyInit;
    } else {
      init.body = streamOf(request);
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

/** Writes a fetch `Response` on a Node response. */
export async function sendFetchResponse(response: Response, res: NodeResponseLike): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = response.status === 204 ? '' : await response.text();
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * The handler for `node:http` (`http.createServer(toNodeHandler(handler))`) and, as the same
 * function, a Connect/Express middleware (`app.use('/api', toNodeHandler(handler))`: it reads
 * `req.originalUrl`, so mount it where `basePath` says). Mount it before any body parser, or
 * after `express.json()` (a parsed body is sent on as JSON).
 *
 * @example
 * const handler = createKeysHandler(keys, { basePath: '/api', resolveActor });
 * http.createServer(toNodeHandler(handler)).listen(3000);
 */
export function toNodeHandler(
  handler: KeysHandler,
): (req: NodeRequestLike, res: NodeResponseLike, next?: (error?: unknown) => void) => void {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => handler(toFetchRequest(req)))
      .then((response) => sendFetchResponse(response, res))
      .catch((error) => {
        if (next) next(error);
        else {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('Internal error');
        }
      });
  };
}
