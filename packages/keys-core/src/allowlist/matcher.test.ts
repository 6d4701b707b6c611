import { describe, expect, it } from 'vitest';
import { parseClientIp } from './ip-address.js';
import { compileAllowlist } from './matcher.js';
import { parseIpAllowlist } from './parse-allowlist.js';

/** Compiles an allowlist the way the engine does: parse and store, then compile. */
function allows(allowlist: string, clientIp: string): boolean {
  const parsed = parseIpAllowlist(allowlist);
  if (!parsed.ok) throw new Error(parsed.issues[0]?.message);
  return compileAllowlist(parsed.value).matches(parseClientIp(clientIp));
}

describe('compileAllowlist', () => {
  it.each([
    ['203.0.113.10', '::ffff:203.0.113.10'],
    ['::ffff:203.0.113.10', '203.0.113.10'],
    ['203.0.113.10', '203.0.113.10'],
    ['2001:db8::1', '2001:db8:0:0::1'],
    ['2001:db8:0:0::1', '2001:DB8::1'],
    ['10.0.0.0/8', '10.1.2.3'],
    ['10.0.0.0/8', '::ffff:10.255.255.255'],
    ['192.0.2.128/25', '192.0.2.200'],
    ['2001:db8::/32', '2001:db8:ffff::42'],
    ['2001:db8:abcd:12::/63', '2001:db8:abcd:13:1::1'],
    ['0.0.0.0/0', '198.51.100.1'],
    ['::/0', '2001:db8::1'],
    ['::/0', '198.51.100.1'],
    ['::ffff:10.0.0.0/104', '10.9.8.7'],
    ['1.1.1.1, 2001:db8::/48, 172.16.0.0/12', '172.31.255.255'],
  ])('allowlist %s allows %s', (allowlist, ip) => {
    expect(allows(allowlist, ip)).toBe(true);
  });

  it.each([
    ['203.0.113.10', '203.0.113.11'],
    ['10.0.0.0/8', '11.0.0.1'],
    ['192.0.2.128/25', '192.0.2.127'],
    ['2001:db8::1', '2001:db8::2'],
    ['2001:db8::/32', '2001:db9::1'],
    ['2001:db8:abcd:12::/63', '2001:db8:abcd:14::1'],
    ['0.0.0.0/0', '2001:db8::1'],
    ['203.0.113.10', '2001:db8::cb00:710a'],
    ['2001:db8::/32', '203.0.113.10'],
  ])('allowlist %s refuses %s', (allowlist, ip) => {
    expect(allows(allowlist, ip)).toBe(false);
  });

  it('allows any address, even an unparsable one, when the list is empty', () => {
    const matcher = compileAllowlist([]);
    expect(matcher.matches(parseClientIp('198.51.100.1'))).toBe(true);
    expect(matcher.matches(null)).toBe(true);
  });

  it('never allows an unparsable client address when the list is not empty (fail closed)', () => {
    const matcher = compileAllowlist(['0.0.0.0/0', '::/0']);
    expect(matcher.matches(parseClientIp('not-an-ip'))).toBe(false);
  });

  it('lets a corrupted stored entry match nothing instead of everything', () => {
    const matcher = compileAllowlist(['garbage']);
    expect(matcher.matches(parseClientIp('198.51.100.1'))).toBe(false);
  });

  it('finds a match at the end of a 50-entry mixed list', () => {
    const entries = [
      ...Array.from({ length: 20 }, (_, i) => `192.0.2.${i}`),
      ...Array.from({ length: 15 }, (_, i) => `10.${i}.0.0/16`),
      ...Array.from({ length: 14 }, (_, i) => `2001:db8:${i}::/48`),
      '2001:db8:ff::7',
    ];
    const matcher = compileAllowlist(entries);
    expect(matcher.matches(parseClientIp('2001:db8:ff::7'))).toBe(true);
    expect(matcher.matches(parseClientIp('10.14.3.4'))).toBe(true);
    expect(matcher.matches(parseClientIp('2001:db8:ff::8'))).toBe(false);
  });

  it('keeps a copy of its entries, unaffected by later changes to the input', () => {
    const input = ['10.0.0.1'];
    const matcher = compileAllowlist(input);
    input.push('10.0.0.2');
    expect(matcher.entries).toEqual(['10.0.0.1']);
  });
});
