import type { Keys } from '@babysea/keys-core';
import { keysAuth } from '@babysea/keys-core/express';
import express, { type Express } from 'express';
import type { OrdersStore } from './orders-store.js';

/** The orders API in Express: route table on /api, one per-route scope, one authenticate-only. */
export function createExpressApp(keys: Keys, orders: OrdersStore): Express {
  const app = express();
  app.use(express.json());

  // 1. Route table: createKeys({ routes }) decides the scope; an unlisted /api route is a 404.
  const api = express.Router();
  api.use(keysAuth(keys));
  api.get('/orders', (req, res) => {
    res.json({ orders: orders.list(), requestId: req.requestId });
  });
  api.get('/orders/:id', (req, res) => {
    const order = orders.get(req.params.id);
    if (order) res.json({ order });
    else res.status(404).json({ error: 'no such order' });
  });
  api.post('/orders', (req, res) => {
    res.status(201).json({ order: orders.add(req.body.item) });
  });
  app.use('/api', api);

  // 2. Per-route scope: no route table needed.
  app.post('/imports', keysAuth(keys, { scope: 'orders:write' }), (req, res) => {
    res.json({ imported: true, requestId: req.requestId });
  });

  // 3. Authenticate-only: any valid key; the handler reads its scopes.
  app.get('/whoami', keysAuth(keys, { scope: null }), (req, res) => {
    res.json({ keyId: req.apiKey?.id, scopes: req.apiKey?.scopes });
  });
  return app;
}
