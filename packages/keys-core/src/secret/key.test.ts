import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import {
  assertValidPrefix,
  DEFAULT_PREFIX,
  displayPrefix,
  generateKey,
  isValidPrefix,
  keyChecksum,
  parseKey,
  redactKey,
} from './key.js';

// A fixed valid key: head + base62(CRC-32(head)), the checksum computed with zlib.crc32.
const FIXED_KEY = 'bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P63u1ky1';

describe('keyChecksum', () => {
  it('pins the checksum of a fixed key head', () => {
    expect(keyChecksum('bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6')).toBe('3u1ky1');
  });

  it('encodes CRC-32 0xcbf43926 of "123456789" as 3jZRME', () => {
    expect(keyChecksum('123456789')).toBe('3jZRME');
  });
});

describe('generateKey', () => {
  it('gives 10,000 keys that match the format, parse and are distinct', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const key = generateKey();
      expect(key).toMatch(/^bye_[A-Za-z0-9]{38}$/);
      expect(parseKey(key)).toEqual({ ok: true });
      seen.add(key);
    }
    expect(seen.size).toBe(10_000);
  });

  it('ends with the checksum of everything before it', () => {
    const key = generateKey();
    expect(key.slice(-6)).toBe(keyChecksum(key.slice(0, -6)));
  });

  it('uses a custom prefix', () => {
    const key = generateKey('sk_live_');
    expect(key).toMatch(/^sk_live_[A-Za-z0-9]{38}$/);
    expect(parseKey(key, 'sk_live_')).toEqual({ ok: true });
  });

  it.each(['', 'sk-live', 'a'.repeat(17), 'clé_', 'sk live'])(
    'refuses the prefix %j as a configuration error',
    (prefix) => {
      let caught: unknown;
      try {
        generateKey(prefix);
      } catch (error) {
        caught = error;
      }
      expect(isKeysError(caught) && caught.code).toBe('INVALID_CONFIGURATION');
    },
  );
});

describe('isValidPrefix / assertValidPrefix', () => {
  it.each(['bye_', 'sk_live_', 'A', 'a'.repeat(16), '___'])('accepts %j', (prefix) => {
    expect(isValidPrefix(prefix)).toBe(true);
  });

  it('rejects a non-string', () => {
    expect(isValidPrefix(42)).toBe(false);
  });

  it('throws a KeysError naming the bad prefix', () => {
    expect(() => assertValidPrefix('sk-live')).toThrow(/"sk-live"/);
  });
});

describe('parseKey', () => {
  it('accepts the fixed known-good key', () => {
    expect(parseKey(FIXED_KEY)).toEqual({ ok: true });
  });

  it.each([
    ['wrong prefix', 'byx_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P63u1ky1', 'prefix'],
    ['missing prefix', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P63u1ky1', 'prefix'],
    ['upper-case prefix', 'BYE_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P63u1ky1', 'prefix'],
    ['empty string', '', 'prefix'],
    ['prefix only', 'bye_', 'length'],
    ['one character short', FIXED_KEY.slice(0, -1), 'length'],
    ['one character long', `${FIXED_KEY}0`, 'length'],
    ['trailing newline', `${FIXED_KEY.slice(0, -1)}\n`, 'alphabet'],
    ['dash in the random part', 'bye_a1B2c3D4e5F6g7H8-9J0k1L2m3N4o5P63u1ky1', 'alphabet'],
    ['underscore in the checksum', 'bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P63u1k_1', 'alphabet'],
    ['non-ASCII letter', 'bye_a1B2c3D4e5F6g7H8é9J0k1L2m3N4o5P63u1ky1', 'alphabet'],
    ['wrong checksum', 'bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6000000', 'checksum'],
    ['swapped characters', 'bye_1aB2c3D4e5F6g7H8i9J0k1L2m3N4o5P63u1ky1', 'checksum'],
  ])('refuses a token with %s (%s)', (_label, token, reason) => {
    expect(parseKey(token)).toEqual({ ok: false, reason });
  });

  it('refuses every one-character typo in a generated key by checksum', () => {
    const key = generateKey();
    for (let i = DEFAULT_PREFIX.length; i < key.length; i++) {
      const typo = key[i] === 'x' ? 'y' : 'x';
      const mistyped = key.slice(0, i) + typo + key.slice(i + 1);
      expect(parseKey(mistyped)).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  it('refuses a valid key checked against another prefix', () => {
    expect(parseKey(generateKey('sk_live_'))).toEqual({ ok: false, reason: 'prefix' });
  });

  it('refuses a non-string without throwing', () => {
    expect(parseKey(undefined as unknown as string)).toEqual({ ok: false, reason: 'prefix' });
  });
});

describe('displayPrefix and redactKey', () => {
  it('keeps the first 9 characters of a bye_ key', () => {
    expect(displayPrefix(FIXED_KEY)).toBe('bye_a1B2c');
  });

  it('keeps the prefix and 5 characters for a custom prefix', () => {
    expect(displayPrefix('sk_live_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P64JRZ3g', 'sk_live_')).toBe(
      'sk_live_a1B2c',
    );
  });

  it('redacts a key to its display prefix and an ellipsis', () => {
    expect(redactKey(FIXED_KEY)).toBe('bye_a1B2c...');
  });
});
