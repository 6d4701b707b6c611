/**
 * The globals keys-core's sources may use: what every runtime it supports (Node.js >= 20.19,
 * Bun, Deno, workerd, browsers) provides, declared as narrowly as the code needs them.
 * `tsconfig.lib.json` typechecks the non-test sources with this file and the ES library only,
 * no Node and no DOM types, so that `Buffer`, `process` or `document` cannot creep into the
 * isomorphic engine. A new global goes here only if all those runtimes have it.
 *
 * Left to `tsconfig.json` (with Node's types): tests and test helpers, the conformance suite
 * (`testing`, which needs vitest), and the Express and Fastify bindings, whose own types bring
 * in Node's.
 */

type HeadersInit = Headers | Array<[string, string]> | Record<string, string>;
type BodyInit = string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | URLSearchParams;

interface Headers {
  append(name: string, value: string): void;
  delete(name: string): void;
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  forEach(callback: (value: string, name: string) => void): void;
  entries(): IterableIterator<[string, string]>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
declare var Headers: { prototype: Headers; new (init?: HeadersInit): Headers };

interface Body {
  readonly body: ReadableStream<Uint8Array> | null;
  readonly bodyUsed: boolean;
  arrayBuffer(): Promise<ArrayBuffer>;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

interface RequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  signal?: AbortSignal | null;
  duplex?: 'half';
}
interface Request extends Body {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  clone(): Request;
}
declare var Request: {
  prototype: Request;
  new (input: string | Request, init?: RequestInit): Request;
};

interface ResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}
interface Response extends Body {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  clone(): Response;
}
declare var Response: {
  prototype: Response;
  new (body?: BodyInit | null, init?: ResponseInit): Response;
  json(data: unknown, init?: ResponseInit): Response;
};

interface ReadableStreamDefaultController<R> {
  enqueue(chunk: R): void;
  close(): void;
  error(reason?: unknown): void;
}
interface ReadableStreamDefaultReader<R> {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: R }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
interface ReadableStream<R = unknown> {
  readonly locked: boolean;
  cancel(reason?: unknown): Promise<void>;
  getReader(): ReadableStreamDefaultReader<R>;
}
declare var ReadableStream: {
  prototype: ReadableStream;
  new <R = unknown>(source?: {
    start?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    pull?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    cancel?(reason?: unknown): void | Promise<void>;
  }): ReadableStream<R>;
};

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
}

interface URLSearchParams {
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  forEach(callback: (value: string, name: string) => void): void;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
  toString(): string;
}
declare var URLSearchParams: {
  prototype: URLSearchParams;
  new (init?: string | Record<string, string> | Array<[string, string]>): URLSearchParams;
};

interface URL {
  readonly pathname: string;
  readonly search: string;
  readonly searchParams: URLSearchParams;
  readonly host: string;
  readonly origin: string;
  href: string;
}
declare var URL: { prototype: URL; new (url: string, base?: string | URL): URL };

interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
interface TextDecoder {
  decode(input?: ArrayBuffer | ArrayBufferView, options?: { stream?: boolean }): string;
}
declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};

interface Crypto {
  getRandomValues<T extends ArrayBufferView | null>(array: T): T;
  randomUUID(): string;
}
declare var crypto: Crypto;

interface Console {
  error(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  log(...data: unknown[]): void;
}
declare var console: Console;

/** The timer handle: a number in browsers and workers, an object in Node; opaque here. */
type TimerHandle = { readonly __timer: unique symbol } | number;
declare function setTimeout(callback: () => void, ms?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;
declare function queueMicrotask(callback: () => void): void;

declare function btoa(data: string): string;
declare function atob(data: string): string;
