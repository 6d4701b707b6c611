import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile-policy.js';
import { DEFAULT_PRESETS, DEFAULT_ROUTES, DEFAULT_SCOPES } from './defaults.js';

describe('DEFAULT_SCOPES', () => {
  it('lists the six scopes of PRODUCT.md §4', () => {
    expect(DEFAULT_SCOPES).toEqual([
      'generation:write',
      'generation:read',
      'generation:delete',
      'account:read',
      'health:read',
      'library:read',
    ]);
  });
});

describe('DEFAULT_PRESETS', () => {
  it('carries the exact ids, labels and descriptions of PRODUCT.md §3', () => {
    expect(DEFAULT_PRESETS.map(({ id, label, description }) => [id, label, description])).toEqual([
      ['full-access', 'Full Access', 'All permissions - read, write, delete'],
      ['generate-only', 'Generate Only', 'Create & read generations + browse models'],
      ['read-only', 'Read Only', 'Read generations, account info, health - no spending'],
      ['monitor-only', 'Monitor Only', 'Health checks & model catalog - no account data'],
    ]);
  });

  // The scope matrix of PRODUCT.md §4, row by row: [full, generate, read, monitor].
  it.each([
    ['generation:write', [true, true, false, false]],
    ['generation:read', [true, true, true, false]],
    ['generation:delete', [true, false, false, false]],
    ['account:read', [true, false, true, false]],
    ['health:read', [true, false, true, true]],
    ['library:read', [true, true, true, true]],
  ])('grants %s as the scope matrix says', (scope, expected) => {
    expect(DEFAULT_PRESETS.map((preset) => preset.scopes.includes(scope))).toEqual(expected);
  });

  it('is frozen so that no caller can change the defaults for everyone', () => {
    expect(() => {
      (DEFAULT_PRESETS[0]!.scopes as string[]).push('x');
    }).toThrow(TypeError);
  });
});

describe('DEFAULT_ROUTES', () => {
  it('has the 17 routes of PRODUCT.md §4', () => {
    expect(DEFAULT_ROUTES).toHaveLength(17);
  });
});

// Every route of the table × every preset, written out from PRODUCT.md §4:
// [method, path hit, Full Access, Generate Only, Read Only, Monitor Only].
const MATRIX: [string, string, boolean, boolean, boolean, boolean][] = [
  ['POST', '/v1/generate/image/bfl/flux-schnell', true, true, false, false],
  ['POST', '/v1/generate/video/kling/v2-master', true, true, false, false],
  ['GET', '/v1/content/gen_123', true, true, true, false],
  ['GET', '/v1/content/list', true, true, true, false],
  ['DELETE', '/v1/content/gen_123', true, false, false, false],
  ['POST', '/v1/content/generation/cancel/gen_123', true, false, false, false],
  ['GET', '/v1/status', true, false, true, false],
  ['GET', '/v1/usage', true, false, true, false],
  ['GET', '/v1/user/account', true, false, true, false],
  ['GET', '/v1/user/billing', true, false, true, false],
  ['GET', '/v1/health/inference/providers', true, false, true, true],
  ['GET', '/v1/health/inference/models', true, false, true, true],
  ['GET', '/v1/health/storage', true, false, true, true],
  ['GET', '/v1/health/cache', true, false, true, true],
  ['GET', '/v1/library/providers', true, true, true, true],
  ['GET', '/v1/library/models', true, true, true, true],
  ['GET', '/v1/estimate/bfl/flux-schnell', true, true, true, true],
];

describe('the default policy: 4 presets × 17 routes', () => {
  const policy = compilePolicy();

  it('covers each of the 17 routes exactly once', () => {
    const hit = MATRIX.map(([method, path]) => policy.matchRoute(method, path)?.rule);
    expect(new Set(hit).size).toBe(17);
  });

  it.each(MATRIX)(
    '%s %s → full %s, generate %s, read %s, monitor %s',
    (method, path, ...allowed) => {
      const scope = policy.matchRoute(method, path)?.rule.scope;
      expect(scope).toBeDefined();
      expect(policy.presets.map((preset) => preset.scopes.includes(scope!))).toEqual(allowed);
    },
  );
});
