/**
 * The demo server as a factory, so that `main.ts`, the tests and the bench build the very same
 * app: the dashboard at `/`, the management API at `/api`, and the guarded stand-in for the
 * BabySea API at `/v1/*`, all on one Hono app over one engine.
 */
import { fileURLToPath } from 'node:url';
import type { Clock, CreateKeysOptions, Keys, StorageAdapter } from '@babysea/keys-core';
import { createKeys } from '@babysea/keys-core';
import { keysAuth } from '@babysea/keys-core/hono';
import { createKeysHandler } from '@babysea/keys-core/http';
import { Hono, type MiddlewareHandler } from 'hono';
import type { DemoLimits } from './demo-limits.js';
import { hostCheck } from './host-check.js';
import { actorFromRequest, createSessionRoutes, DEMO_ACCOUNT_ID } from './session.js';
import { serveClient } from './static.js';
import { createGenerationStore, type GenerationStore } from './v1/generations.js';
import { createV1Routes, type V1Env } from './v1/routes.js';

/**
 * How often the demo writes `Last used`. The engine coalesces these writes and defaults to a
 * minute (PRODUCT.md's tolerance, right for production traffic); in a demo someone calls the
 * API once and looks at the dashboard, and a minute of `Never` reads as a bug. Five seconds is
 * still one write per key per interval, however busy the key.
 */
export const DEMO_LAST_USED_INTERVAL_MS = 5_000;

/** The built dashboard (`vite build`). */
export const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

const NO_LIMITS: DemoLimits = { rate: null, concurrency: null, authFailures: null };

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  /** Where keys, logs and audit events live. Closed by `close()`. */
  storage: StorageAdapter;
  /** Epoch milliseconds for the engine and the stand-in API; tests move it. @default Date.now */
  clock?: Clock;
  /** The built dashboard to serve at `/`. @default apps/demo/dist/client */
  clientDir?: string;
  /**
   * More engine options (cache, trusted proxies, log retention…). `lastUsedIntervalMs`
   * defaults to {@link DEMO_LAST_USED_INTERVAL_MS} here.
   */
  keys?: Omit<CreateKeysOptions, 'storage' | 'clock'>;
  /** Host names answered besides localhost, 127.0.0.1 and ::1 (`HOST`). @default [] */
  allowedHosts?: readonly string[];
  /**
   * The limits on `/v1` (429 `BSE1005`/`BSE1006`/`BSE1009`, `X-RateLimit-*` headers), reported
   * to the dashboard at `GET /api/demo/limits`. `pnpm start` passes `DEMO_LIMITS`.
   * @default none
   */
  limits?: DemoLimits | null;
}

/** A built demo: the Hono app to serve, its engine, and `close()`. */
export interface DemoServer {
  app: Hono;
  keys: Keys;
  generations: GenerationStore;
  /** Flushes last-used stamps and usage logs (`keys.close()`), then closes the storage. */
  close(): Promise<void>;
}

/** What {@link createDemoApp} wires together. */
export interface DemoAppParts {
  keys: Keys;
  clock: Clock;
  generations: GenerationStore;
  clientDir: string;
  /** The middleware in front of `/v1/*`: the verifier (`keysAuth(keys)`) in the demo. */
  guard: MiddlewareHandler<V1Env>;
  /** Host names answered besides localhost, 127.0.0.1 and ::1. @default [] */
  allowedHosts?: readonly string[];
  /** The limits the engine enforces on `/v1`, for `GET /api/demo/limits`. @default none */
  limits?: DemoLimits | null;
}

/**
 * The demo's Hono app from its parts. `createDemoServer` passes the verifier as `guard`; the
 * load bench passes a stand-in, to measure the very same app with and without the verifier.
 */
export function createDemoApp(parts: DemoAppParts): Hono {
  const app = new Hono();
  // Every route: a DNS-rebinding page must not reach the API or the dashboard.
  app.use('*', hostCheck(parts.allowedHosts));

  // ---- management API (the dashboard's) --------------------------------------------------
  app.route('/api/session', createSessionRoutes());
  // What the dashboard states under its navigation: the limits this server enforces on /v1.
  app.get('/api/demo/limits', (c) =>
    c.json({ status: 'success', data: parts.limits ?? NO_LIMITS }),
  );
  const manage = createKeysHandler(parts.keys, {
    basePath: '/api',
    // No role cookie, or an unknown one, is no session (401), never the primary owner.
    resolveActor: (request: Request) => {
      const actor = actorFromRequest(request);
      return actor && { accountId: DEMO_ACCOUNT_ID, actor };
    },
  });
  app.all('/api', (c) => manage(c.req.raw));
  app.all('/api/*', (c) => manage(c.req.raw));

  // ---- the stand-in BabySea API, behind the guard ----------------------------------------
  // The guard runs on every /v1 path, so a path outside the route table gets its refusal.
  const v1 = new Hono<V1Env>();
  v1.use('*', parts.guard);
  v1.route('/', createV1Routes({ clock: parts.clock, generations: parts.generations }));
  app.route('/v1', v1);

  // ---- the dashboard ---------------------------------------------------------------------
  app.use('*', serveClient(parts.clientDir));
  return app;
}

/**
 * Builds the demo: one engine over `storage`, and its app with the verifier on `/v1/*`.
 *
 * @example
 * const demo = createDemoServer({ storage: createSqliteStorage({ database: 'keys.db' }) });
 * serve({ fetch: demo.app.fetch, port: 3000 });
 */
export function createDemoServer(options: DemoServerOptions): DemoServer {
  const clock = options.clock ?? Date.now;
  const limits = options.limits ?? null;
  const keys = createKeys({
    lastUsedIntervalMs: DEMO_LAST_USED_INTERVAL_MS,
    ...(limits && {
      limits: {
        rate: limits.rate,
        concurrency: limits.concurrency,
        authFailures: limits.authFailures ?? false,
      },
    }),
    ...options.keys,
    storage: options.storage,
    clock,
  });
  const generations = createGenerationStore();
  const app = createDemoApp({
    keys,
    clock,
    generations,
    clientDir: options.clientDir ?? DEFAULT_CLIENT_DIR,
    guard: keysAuth(keys),
    ...(options.allowedHosts !== undefined && { allowedHosts: options.allowedHosts }),
    limits,
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    keys,
    generations,
    close() {
      closing ??= (async () => {
        try {
          await keys.close();
        } finally {
          await options.storage.close?.();
        }
      })();
      return closing;
    },
  };
}
