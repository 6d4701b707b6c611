import type { Keys } from '@babysea/keys-core';
import { keysPlugin, keysPreHandler } from '@babysea/keys-core/fastify';
import Fastify, { type FastifyPluginAsync } from 'fastify';
import type { OrdersStore } from './orders-store.js';

/** The orders API in Fastify: route table on /api, one per-route scope, one authenticate-only. */
export async function createFastifyApp(keys: Keys, orders: OrdersStore) {
  const app = Fastify();

  // 1. Route table: createKeys({ routes }) decides the scope; an unlisted /api route is a 404.
  const routeTable: FastifyPluginAsync = async (api) => {
    await api.register(keysPlugin, { keys });
    api.get('/orders', async (request) => ({
      orders: orders.list(),
      requestId: request.requestId,
    }));
    api.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
      const order = orders.get(request.params.id);
      return order ? { order } : reply.code(404).send({ error: 'no such order' });
    });
    api.post<{ Body: { item: string } }>('/orders', async (request, reply) =>
      reply.code(201).send({ order: orders.add(request.body.item) }),
    );
    // Fastify skips a plugin's hooks for an unmatched URL unless the plugin has its own
    // not-found handler; with it, the guard answers an unlisted /api route (404 BSE envelope).
    api.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
  };
  await app.register(routeTable, { prefix: '/api' });

  // 2. Per-route scope: no route table needed.
  app.post(
    '/imports',
    { preHandler: keysPreHandler(keys, { scope: 'orders:write' }) },
    async (request) => ({
      imported: true,
      requestId: request.requestId,
    }),
  );

  // 3. Authenticate-only: any valid key; the handler reads its scopes.
  app.get('/whoami', { preHandler: keysPreHandler(keys, { scope: null }) }, async (request) => ({
    keyId: request.apiKey?.id,
    scopes: request.apiKey?.scopes,
  }));
  return app;
}
