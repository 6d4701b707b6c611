/**
 * BabySea's permission model as data (PRODUCT.md §3–4): six scopes, four presets and the
 * 17-route table. An embedding product passes its own to `createKeys`; these are the default.
 */

/** A permission a key holds, e.g. `generation:write`. */
export type Scope = string;

/** A named set of scopes offered in the Add dialog. */
export interface Preset {
  /** Stable id stored with the key, e.g. `full-access`. */
  id: string;
  /** Label shown in the dialog, e.g. `Full Access`. */
  label: string;
  /** One line shown under the label. */
  description: string;
  /** Scopes granted by the preset. */
  scopes: string[];
}

/**
 * One guarded route: `method` and `path` pattern, and the scope a key needs for it. `{param}`
 * matches one non-empty path segment; `{name+}` (the catch-all, at most one per pattern, at any
 * position) matches one or more segments, so its value may contain `/` (`bfl/flux-schnell`).
 * Literal segments beat `{param}`, which beats `{name+}`, position by position.
 */
export interface RouteRule {
  /** HTTP method, matched case-insensitively. */
  method: string;
  /** Path pattern, e.g. `/api/orders/{id}` or `/api/files/{path+}`. */
  path: string;
  /** Scope required. */
  scope: string;
}

function freezeAll<T extends object>(items: T[]): T[] {
  for (const item of items) {
    for (const value of Object.values(item)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(item);
  }
  return Object.freeze(items) as T[];
}

/** The six scopes of PRODUCT.md §4, in table order. Frozen. */
export const DEFAULT_SCOPES: string[] = Object.freeze([
  'generation:write',
  'generation:read',
  'generation:delete',
  'account:read',
  'health:read',
  'library:read',
]) as string[];

/** The four presets of PRODUCT.md §3 with the scope matrix of §4. Frozen. */
export const DEFAULT_PRESETS: Preset[] = freezeAll([
  {
    id: 'full-access',
    label: 'Full Access',
    description: 'All permissions - read, write, delete',
    scopes: [
      'generation:write',
      'generation:read',
      'generation:delete',
      'account:read',
      'health:read',
      'library:read',
    ],
  },
  {
    id: 'generate-only',
    label: 'Generate Only',
    description: 'Create & read generations + browse models',
    scopes: ['generation:write', 'generation:read', 'library:read'],
  },
  {
    id: 'read-only',
    label: 'Read Only',
    description: 'Read generations, account info, health - no spending',
    scopes: ['generation:read', 'account:read', 'health:read', 'library:read'],
  },
  {
    id: 'monitor-only',
    label: 'Monitor Only',
    description: 'Health checks & model catalog - no account data',
    scopes: ['health:read', 'library:read'],
  },
]);

/** The 17 routes of PRODUCT.md §4 and the scope each needs. Frozen. */
export const DEFAULT_ROUTES: RouteRule[] = freezeAll([
  { method: 'POST', path: '/v1/generate/image/{model_identifier+}', scope: 'generation:write' },
  { method: 'POST', path: '/v1/generate/video/{model_identifier+}', scope: 'generation:write' },
  { method: 'GET', path: '/v1/content/{generation_id}', scope: 'generation:read' },
  { method: 'GET', path: '/v1/content/list', scope: 'generation:read' },
  { method: 'DELETE', path: '/v1/content/{generation_id}', scope: 'generation:delete' },
  {
    method: 'POST',
    path: '/v1/content/generation/cancel/{generation_id}',
    scope: 'generation:delete',
  },
  { method: 'GET', path: '/v1/status', scope: 'account:read' },
  { method: 'GET', path: '/v1/usage', scope: 'account:read' },
  { method: 'GET', path: '/v1/user/account', scope: 'account:read' },
  { method: 'GET', path: '/v1/user/billing', scope: 'account:read' },
  { method: 'GET', path: '/v1/health/inference/providers', scope: 'health:read' },
  { method: 'GET', path: '/v1/health/inference/models', scope: 'health:read' },
  { method: 'GET', path: '/v1/health/storage', scope: 'health:read' },
  { method: 'GET', path: '/v1/health/cache', scope: 'health:read' },
  { method: 'GET', path: '/v1/library/providers', scope: 'library:read' },
  { method: 'GET', path: '/v1/library/models', scope: 'library:read' },
  { method: 'GET', path: '/v1/estimate/{model_identifier+}', scope: 'library:read' },
]);
