import type { AddressInfo } from 'node:net';
import type { Keys } from '@babysea/keys-core';
import { serve } from '@hono/node-server';
import { createExpressApp } from './express-app.js';
import { createFastifyApp } from './fastify-app.js';
import { createHonoApp } from './hono-app.js';
import { createOrdersStore } from './orders-store.js';

/** A running app: its base URL on 127.0.0.1 and how to stop it. */
export interface Running {
  url: string;
  close(): Promise<void>;
}

function closer(server: { close(done: () => void): void }) {
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Starts one framework's orders API on a free loopback port. */
export const servers: Record<'hono' | 'express' | 'fastify', (keys: Keys) => Promise<Running>> = {
  async hono(keys) {
    const app = createHonoApp(keys, createOrdersStore());
    return new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: closer(server) }),
      );
    });
  },
  async express(keys) {
    const server = createExpressApp(keys, createOrdersStore()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: closer(server) };
  },
  async fastify(keys) {
    const app = await createFastifyApp(keys, createOrdersStore());
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  },
};
