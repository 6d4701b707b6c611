/**
 * Starts a demo server on a port and stops it cleanly: stop accepting, drop open connections,
 * flush the engine (last-used stamps and usage logs), close the storage. While it runs, old
 * request logs are purged at start and hourly (retention.ts).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDemoServer, type DemoServer, type DemoServerOptions } from './demo-server.js';
import { type LogPurgeOptions, startLogPurge } from './retention.js';

/** Options of {@link startDemo}: the demo's own plus where to listen. */
export interface StartDemoOptions extends DemoServerOptions {
  /** @default 3000; 0 picks a free port */
  port?: number;
  /** @default 'localhost' */
  host?: string;
  /** The request-log purge run at start and hourly (`keys.purgeLogs()`). */
  logPurge?: LogPurgeOptions;
}

/** A listening demo. */
export interface RunningDemo {
  /** e.g. `http://localhost:3000` */
  url: string;
  port: number;
  demo: DemoServer;
  /** Stops the HTTP server, then `demo.close()`. Safe to call twice. */
  close(): Promise<void>;
}

/** Builds the demo and listens; rejects if the port is taken. */
export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const { port = 3000, host = 'localhost', logPurge, ...demoOptions } = options;
  // The name it listens on is a name it answers to (HOST=demo.test, or a LAN address).
  const demo = createDemoServer({
    ...demoOptions,
    allowedHosts: [...(demoOptions.allowedHosts ?? []), host],
  });
  // Old logs go before the first request is served; then hourly, until close().
  const purge = startLogPurge(demo.keys, logPurge);
  await purge.initial;
  let server: ReturnType<typeof serve>;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({ fetch: demo.app.fetch, port, hostname: host }, (info) => resolve(info));
    server.once('error', reject);
  }).catch(async (error: unknown) => {
    await purge.stop();
    await demo.close();
    throw error;
  });

  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    demo,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets (browsers, fetch) would hold close() open; drop them.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await purge.stop();
        await demo.close();
      })();
      return closing;
    },
  };
}
