import type { Keys } from '@babysea/keys-core';
import { type KeysVariables, keysAuth } from '@babysea/keys-core/hono';
import { Hono } from 'hono';
import type { OrdersStore } from './orders-store.js';

/** The orders API in Hono: route table on /api/*, one per-route scope, one authenticate-only. */
export function createHonoApp(keys: Keys, orders: OrdersStore) {
  const app = new Hono<{ Variables: KeysVariables }>();

  // 1. Route table: createKeys({ routes }) decides the scope; an unlisted /api route is a 404.
  app.use('/api/*', keysAuth(keys));
  app.get('/api/orders', (c) => c.json({ orders: orders.list(), requestId: c.get('requestId') }));
  app.get('/api/orders/:id', (c) => {
    const order = orders.get(c.req.param('id'));
    return order ? c.json({ order }) : c.json({ error: 'no such order' }, 404);
  });
  app.post('/api/orders', async (c) => {
    const { item } = await c.req.json<{ item: string }>();
    return c.json({ order: orders.add(item) }, 201);
  });

  // 2. Per-route scope: no route table needed.
  app.post('/imports', keysAuth(keys, { scope: 'orders:write' }), (c) =>
    c.json({ imported: true, requestId: c.get('requestId') }),
  );

  // 3. Authenticate-only: any valid key; the handler reads its scopes.
  app.get('/whoami', keysAuth(keys, { scope: null }), (c) =>
    c.json({ keyId: c.get('apiKey').id, scopes: c.get('apiKey').scopes }),
  );
  return app;
}
