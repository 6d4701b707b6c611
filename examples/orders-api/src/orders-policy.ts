import type { CreateKeysOptions } from '@babysea/keys-core';

/** The orders API's own permission model: its scopes, the presets a team hands out, its routes. */
export const ordersPolicy = {
  scopes: ['orders:read', 'orders:write'],
  presets: [
    { id: 'orders-viewer', label: 'Viewer', description: 'Read orders', scopes: ['orders:read'] },
    {
      id: 'orders-admin',
      label: 'Admin',
      description: 'Read and write orders',
      scopes: ['orders:read', 'orders:write'],
    },
  ],
  routes: [
    { method: 'GET', path: '/api/orders', scope: 'orders:read' },
    { method: 'GET', path: '/api/orders/{id}', scope: 'orders:read' },
    { method: 'POST', path: '/api/orders', scope: 'orders:write' },
  ],
} satisfies Pick<CreateKeysOptions, 'scopes' | 'presets' | 'routes'>;
