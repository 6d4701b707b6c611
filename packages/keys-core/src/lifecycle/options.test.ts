import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { ACCOUNT, OWNER } from '../test-support/test-engine.js';
import { isKeysErrorWithCode } from '../testing/fixtures.js';
import { createKeys } from './create-keys.js';
import type { CreateKeysOptions } from './keys-api.js';

function configError(options: Partial<CreateKeysOptions>): unknown {
  try {
    createKeys({ storage: createMemoryStorage(), ...options } as CreateKeysOptions);
    return undefined;
  } catch (error) {
    return error;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('createKeys options', () => {
  it.each([
    ['a prefix with a dash', { prefix: 'sk-live' }],
    ['an empty prefix', { prefix: '' }],
    [
      'a preset naming an unknown scope',
      {
        presets: [{ id: 'x', label: 'X', description: 'x', scopes: ['nope:read'] }],
      },
    ],
    [
      'a route naming an unknown scope',
      { routes: [{ method: 'GET', path: '/v1/x', scope: 'nope:read' }] },
    ],
    ['a negative last-used interval', { lastUsedIntervalMs: -1 }],
    ['a fractional cache ttl', { cache: { ttlMs: 1.5 } }],
    ['a zero log retention', { logRetentionMs: 0 }],
    ['a non-number log retention', { logRetentionMs: Number.NaN }],
    ['a clock that is not a function', { clock: 5 as unknown as () => number }],
    ['an onError that is not a function', { onError: 'log' as unknown as () => void }],
  ])('refuses %s with INVALID_CONFIGURATION', (_, options) => {
    expect(isKeysErrorWithCode(configError(options), 'INVALID_CONFIGURATION')).toBe(true);
  });

  it('refuses a storage that lacks methods, naming them', () => {
    const { rotateKey: _, ...partial } = createMemoryStorage();
    const error = configError({ storage: partial as CreateKeysOptions['storage'] });
    expect(isKeysError(error) && error.message).toMatch(/rotateKey/);
  });

  it('refuses a missing storage', () => {
    const error = configError({ storage: undefined as unknown as CreateKeysOptions['storage'] });
    expect(isKeysErrorWithCode(error, 'INVALID_CONFIGURATION')).toBe(true);
  });

  it.each(['trustedProxies', 'forwardedHeader'])(
    'refuses the removed %s option, pointing at getClientIp: trustProxies',
    (name) => {
      const error = configError({ [name]: ['10.0.0.0/8'] } as never);
      expect(isKeysErrorWithCode(error, 'INVALID_CONFIGURATION')).toBe(true);
      expect(isKeysError(error) && error.message).toMatch(/getClientIp: trustProxies/);
    },
  );

  it('works with deeply frozen options (it never writes to them)', () => {
    const options = deepFreeze({
      storage: createMemoryStorage(),
      prefix: 'sk_live_',
      cache: { ttlMs: 1000 },
      scopes: ['a:read', 'b:write'],
      presets: [{ id: 'reader', label: 'Reader', description: 'reads', scopes: ['a:read'] }],
      routes: [{ method: 'GET', path: '/a', scope: 'a:read' }],
    });
    const snapshot = JSON.stringify({ ...options, storage: undefined });
    expect(() => createKeys(options)).not.toThrow();
    expect(JSON.stringify({ ...options, storage: undefined })).toBe(snapshot);
  });

  it("keeps its own copy of the policy: later changes to the caller's arrays do nothing", async () => {
    const presets = [{ id: 'reader', label: 'Reader', description: 'reads', scopes: ['a:read'] }];
    const keys = createKeys({
      storage: createMemoryStorage(),
      scopes: ['a:read', 'b:write'],
      presets,
      routes: [{ method: 'GET', path: '/a', scope: 'a:read' }],
    });
    presets[0]!.scopes.push('b:write');
    const { key } = await keys.create({
      accountId: ACCOUNT,
      actor: OWNER,
      name: 'n',
      preset: 'reader',
    });
    expect(key.scopes).toEqual(['a:read']);
  });

  it('exposes the prefix and the compiled policy', () => {
    const keys = createKeys({ storage: createMemoryStorage(), prefix: 'sk_test_' });
    expect(keys.prefix).toBe('sk_test_');
    expect(keys.policy.presetById('full-access')?.scopes).toHaveLength(6);
  });
});
