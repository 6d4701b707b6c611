import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashKey, SHA256_BACKEND, sha256Hex, sha256HexPortable } from './hash.js';
import { generateKey } from './key.js';

// Pinned with `node -e "crypto.hash('sha256', key, 'hex')"`.
const FIXED_KEY = 'bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P63u1ky1';
const FIXED_KEY_SHA256 = '1e51daae11ece00524cc81f51ea0b70cda9e9edfeb8ad957d36e69a36975501e';

describe('sha256Hex', () => {
  it('pins the hash of a fixed key', () => {
    expect(sha256Hex(FIXED_KEY)).toBe(FIXED_KEY_SHA256);
  });

  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['héllo 👩‍👩‍👧‍👦', '0bc5e97d81bb8bc3d0c3a3de91fce120170b407cf21ff393534f6b7f78e4cab0'],
  ])('hashes the UTF-8 bytes of %j', (text, digest) => {
    expect(sha256Hex(text)).toBe(digest);
  });

  it("uses Node's crypto.hash on this runtime", () => {
    expect(SHA256_BACKEND).toBe('node');
  });
});

describe('sha256HexPortable', () => {
  it('pins the hash of a fixed key', () => {
    expect(sha256HexPortable(FIXED_KEY)).toBe(FIXED_KEY_SHA256);
  });

  it('agrees with sha256Hex on generated keys, non-ASCII and long inputs', () => {
    const inputs = [
      ...Array.from({ length: 200 }, () => generateKey()),
      'ünïcødé',
      '日本語',
      '👩‍👩‍👧‍👦',
      '\u0000\u007f\u0080',
      'x'.repeat(10_000),
    ];
    for (const text of inputs) expect(sha256HexPortable(text)).toBe(sha256Hex(text));
  });
});

describe('hashKey', () => {
  it('is the SHA-256 of the whole key', () => {
    expect(hashKey(FIXED_KEY)).toBe(FIXED_KEY_SHA256);
  });
});

describe('without process.getBuiltinModule (browser, edge)', () => {
  afterEach(() => {
    vi.resetModules();
  });

  it('falls back to @noble/hashes and gives the same digest', async () => {
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    vi.resetModules();
    const fresh = await import('./hash.js');
    expect(fresh.SHA256_BACKEND).toBe('noble');
    expect(fresh.sha256Hex(FIXED_KEY)).toBe(FIXED_KEY_SHA256);
  });
});
