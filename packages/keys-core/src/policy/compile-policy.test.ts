import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { compilePolicy, getDefaultPolicy, type PolicyInput } from './compile-policy.js';
import { DEFAULT_PRESETS, DEFAULT_ROUTES, DEFAULT_SCOPES } from './defaults.js';

function configError(input: PolicyInput): { code: string; message: string } | undefined {
  try {
    compilePolicy(input);
  } catch (error) {
    if (isKeysError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
}

describe('compilePolicy', () => {
  it('defaults to BabySea scopes, presets and routes', () => {
    const policy = compilePolicy();
    expect(policy.scopes).toEqual(DEFAULT_SCOPES);
    expect(policy.presets).toEqual(DEFAULT_PRESETS);
    expect(policy.routes).toEqual(DEFAULT_ROUTES);
  });

  it('finds a preset by id', () => {
    expect(compilePolicy().presetById('monitor-only')?.label).toBe('Monitor Only');
  });

  it('returns undefined for an unknown preset id', () => {
    expect(compilePolicy().presetById('admin')).toBeUndefined();
  });

  it('accepts a custom model and matches its routes only', () => {
    const policy = compilePolicy({
      scopes: ['files:read', 'files:write'],
      presets: [
        { id: 'reader', label: 'Reader', description: 'Read files', scopes: ['files:read'] },
      ],
      routes: [
        { method: 'get', path: '/api/files/{id}', scope: 'files:read' },
        { method: 'PUT', path: '/api/files/{id}', scope: 'files:write' },
      ],
    });
    expect(policy.matchRoute('PUT', '/api/files/f1')?.rule.scope).toBe('files:write');
    expect(policy.matchRoute('GET', '/v1/status')).toBeNull();
  });

  it('stores methods upper-cased', () => {
    const policy = compilePolicy({ routes: [{ method: 'get', path: '/x', scope: 'health:read' }] });
    expect(policy.routes[0]?.method).toBe('GET');
  });

  it('copies its input instead of keeping a reference', () => {
    const scopes = ['a'];
    const policy = compilePolicy({ scopes, presets: [], routes: [] });
    scopes.push('b');
    expect(policy.scopes).toEqual(['a']);
  });

  it.each<[string, PolicyInput, RegExp]>([
    [
      'a preset naming an unknown scope',
      { presets: [{ id: 'x', label: 'X', description: 'X', scopes: ['admin:all'] }] },
      /"x" names unknown scope "admin:all"/,
    ],
    [
      'a route naming an unknown scope',
      { routes: [{ method: 'GET', path: '/v1/x', scope: 'admin:all' }] },
      /GET \/v1\/x names unknown scope "admin:all"/,
    ],
    [
      'a duplicate preset id',
      { presets: [DEFAULT_PRESETS[0]!, DEFAULT_PRESETS[0]!] },
      /"full-access" is defined twice/,
    ],
    [
      'a malformed pattern',
      { routes: [{ method: 'GET', path: '/v1/{id', scope: 'health:read' }] },
      /GET \/v1\/\{id is a malformed pattern/,
    ],
    [
      'a duplicate route with other parameter names',
      {
        routes: [
          { method: 'GET', path: '/v1/content/{generation_id}', scope: 'generation:read' },
          { method: 'get', path: '/v1/content/{id}', scope: 'generation:delete' },
        ],
      },
      /GET \/v1\/content\/\{id\} duplicates GET \/v1\/content\/\{generation_id\}/,
    ],
    ['a duplicate scope', { scopes: ['a', 'a'], presets: [], routes: [] }, /"a" is listed twice/],
    ['a bad scope name', { scopes: ['has space'], presets: [], routes: [] }, /"has space"/],
    [
      'a preset without scopes',
      { presets: [{ id: 'none', label: 'None', description: 'None', scopes: [] }] },
      /"none" grants no scope/,
    ],
    [
      'a scope listed twice in a preset',
      {
        presets: [
          { id: 'p', label: 'P', description: 'P', scopes: ['health:read', 'health:read'] },
        ],
      },
      /"p" lists scope "health:read" twice/,
    ],
    [
      'an invalid method',
      { routes: [{ method: 'GE T', path: '/v1/x', scope: 'health:read' }] },
      /GE T \/v1\/x has an invalid method/,
    ],
    ['routes that are not an array', { routes: 'GET /' as never }, /routes: expected an array/],
  ])('refuses %s as INVALID_CONFIGURATION', (_label, input, message) => {
    const error = configError(input);
    expect(error?.code).toBe('INVALID_CONFIGURATION');
    expect(error?.message).toMatch(message);
  });

  it('refuses custom scopes without matching presets (they still name the defaults)', () => {
    expect(configError({ scopes: ['files:read'] })?.code).toBe('INVALID_CONFIGURATION');
  });
});

describe('getDefaultPolicy', () => {
  it('compiles once and shares the result', () => {
    expect(getDefaultPolicy()).toBe(getDefaultPolicy());
  });
});
