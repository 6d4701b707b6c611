import { describe, expect, it } from 'vitest';
import { parseAllowlistEntry, wordMask } from './entry.js';

describe('wordMask', () => {
  it.each([
    [0, 0, 0],
    [8, 0, 0xff000000],
    [32, 0, 0xffffffff],
    [33, 0, 0xffffffff],
    [33, 1, 0x80000000],
    [48, 1, 0xffff0000],
    [64, 2, 0],
    [128, 3, 0xffffffff],
  ])('prefix /%i gives word %i the mask %i', (prefix, index, mask) => {
    expect(wordMask(prefix, index)).toBe(mask);
  });
});

describe('parseAllowlistEntry', () => {
  it('reads an IPv4 address as a /32 in the first word', () => {
    expect(parseAllowlistEntry('203.0.113.10')).toEqual({
      ok: true,
      entry: { kind: 4, words: [0xcb00710a, 0, 0, 0], prefix: 32, canonical: '203.0.113.10' },
    });
  });

  it('clears host bits of an IPv6 range', () => {
    expect(parseAllowlistEntry('2001:db8:ffff:1::/33')).toEqual({
      ok: true,
      entry: {
        kind: 6,
        words: [0x20010db8, 0x80000000, 0, 0],
        prefix: 33,
        canonical: '2001:db8:8000::/33',
      },
    });
  });

  it('folds an IPv4-mapped range of /120 to an IPv4 /24', () => {
    expect(parseAllowlistEntry('::ffff:192.0.2.77/120')).toMatchObject({
      ok: true,
      entry: { kind: 4, prefix: 24, canonical: '192.0.2.0/24' },
    });
  });

  it.each(['::1.2.3.4', '::1.2.3.4/128', '::0.0.0.0/96'])(
    'refuses the deprecated IPv4-compatible %j (ipaddr.js would read it as mapped)',
    (text) => {
      expect(parseAllowlistEntry(text).ok).toBe(false);
    },
  );

  it('still accepts a dotted tail after other groups', () => {
    expect(parseAllowlistEntry('64:ff9b::192.0.2.33')).toMatchObject({
      ok: true,
      entry: { kind: 6, canonical: '64:ff9b::c000:221' },
    });
  });

  it.each(['1.2.3', '0x7f.0.0.1', '127.1'])(
    'refuses %j, which ipaddr.js alone would accept',
    (text) => {
      expect(parseAllowlistEntry(text)).toEqual({ ok: false, rule: 'invalid_ip' });
    },
  );
});
