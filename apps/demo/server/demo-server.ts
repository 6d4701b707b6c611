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
import { Hono } from 'hono';
import { actorFromRequest, createSessionRoutes, DEMO_ACCOUNT_ID } from './session.js';
import { serveClient } from './static.js';
import { createGenerationStore, type GenerationStore } from './v1/generations.js';
import { createV1Routes, type V1Env } from './v1/routes.js';

/** The built dashboard (`vite build`). */
export const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  /** Where keys, logs and audit events live. Closed by `close()`. */
  storage: StorageAdapter;
  /** Epoch milliseconds for the engine and the stand-in API; tests move it. @default Date.now */
  clock?: Clock;
  /** The built dashboard to serve at `/`. @default apps/demo/dist/client */
  clientDir?: string;
  /** More engine options (cache, last-used interval, trusted proxies…). */
  keys?: Omit<CreateKeysOptions, 'storage' | 'clock'>;
}

/** A built demo: the Hono app to serve, its engine, and `close()`. */
export interface DemoServer {
  app: Hono;
  keys: Keys;
  generations: GenerationStore;
  /** Flushes last-used stamps and usage logs (`keys.close()`), then closes the storage. */
  close(): Promise<void>;
}

/**
 * Builds the demo app.
 *
 * @example
 * const demo = createDemoServer({ storage: createSqliteStorage({ database: 'keys.db' }) });
 * serve({ fetch: demo.app.fetch, port: 3000 });
 */
export function createDemoServer(options: DemoServerOptions): DemoServer {
  const clock = options.clock ?? Date.now;
  const keys = createKeys({ ...options.keys, storage: options.storage, clock });
  const generations = createGenerationStore();
  const app = new Hono();

  // ---- management API (the dashboard's) --------------------------------------------------
  app.route('/api/session', createSessionRoutes());
  const manage = createKeysHandler(keys, {
    basePath: '/api',
    resolveActor: (request: Request) => ({
      accountId: DEMO_ACCOUNT_ID,
      actor: actorFromRequest(request),
    }),
  });
  app.all('/api', (c) => manage(c.req.raw));
  app.all('/api/*', (c) => manage(c.req.raw));

  // ---- the stand-in BabySea API, behind the verifier -------------------------------------
  // The verifier runs on every /v1 path, so a path outside the route table gets its refusal.
  const v1 = new Hono<V1Env>();
  v1.use('*', keysAuth(keys));
  v1.route('/', createV1Routes({ clock, generations }));
  app.route('/v1', v1);

  // ---- the dashboard ---------------------------------------------------------------------
  app.use('*', serveClient(options.clientDir ?? DEFAULT_CLIENT_DIR));

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
