import { describe, expectTypeOf, it } from 'vitest';
import type { ApiKey, StoredKey } from '../types.js';
import type { CreatedKey, Keys, RotatedKey } from './keys-api.js';

describe('types keep the secret out', () => {
  it('StoredKey has no field for the secret', () => {
    expectTypeOf<StoredKey>().not.toHaveProperty('secret');
    expectTypeOf<StoredKey>().not.toHaveProperty('key');
    expectTypeOf<StoredKey>().not.toHaveProperty('plaintext');
  });

  it('create resolves to a string secret beside the key', () => {
    expectTypeOf<Awaited<ReturnType<Keys['create']>>>().toEqualTypeOf<CreatedKey>();
    expectTypeOf<CreatedKey['secret']>().toEqualTypeOf<string>();
    expectTypeOf<CreatedKey['key']>().toEqualTypeOf<ApiKey>();
  });

  it('rotate resolves to a string secret, the replacement and the previous key', () => {
    expectTypeOf<Awaited<ReturnType<Keys['rotate']>>>().toEqualTypeOf<RotatedKey>();
    expectTypeOf<RotatedKey['secret']>().toEqualTypeOf<string>();
    expectTypeOf<RotatedKey['previous']>().toEqualTypeOf<ApiKey>();
  });

  it('ApiKey has neither hash nor version', () => {
    expectTypeOf<ApiKey>().not.toHaveProperty('hash');
    expectTypeOf<ApiKey>().not.toHaveProperty('version');
    expectTypeOf<ApiKey>().not.toHaveProperty('secret');
  });

  it('reads never resolve to stored records', () => {
    expectTypeOf<Awaited<ReturnType<Keys['list']>>>().toEqualTypeOf<ApiKey[]>();
    expectTypeOf<Awaited<ReturnType<Keys['get']>>>().toEqualTypeOf<ApiKey>();
    expectTypeOf<Awaited<ReturnType<Keys['revoke']>>>().toEqualTypeOf<ApiKey>();
  });
});
