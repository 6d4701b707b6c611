import { describe, expect, it } from 'vitest';
import { MAX_ALLOWLIST_ENTRIES, normalizeIp, parseIpAllowlist } from './parse-allowlist.js';

function distinctV4(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `192.0.2.${i}`);
}

describe('parseIpAllowlist', () => {
  it.each([
    [null, []],
    [undefined, []],
    ['', []],
    ['  ', []],
    [[], []],
  ])('treats %j as an empty list (any IP)', (input, expected) => {
    expect(parseIpAllowlist(input)).toEqual({ ok: true, value: expected });
  });

  it('splits comma-separated text and trims each entry', () => {
    expect(parseIpAllowlist(' 203.0.113.10 ,2001:db8::1')).toEqual({
      ok: true,
      value: ['203.0.113.10', '2001:db8::1'],
    });
  });

  it('ignores blank items and a trailing comma', () => {
    expect(parseIpAllowlist('203.0.113.10,, ,198.51.100.7,')).toEqual({
      ok: true,
      value: ['203.0.113.10', '198.51.100.7'],
    });
  });

  it('accepts a list as well as text', () => {
    expect(parseIpAllowlist(['203.0.113.10', ' 10.0.0.0/8 '])).toEqual({
      ok: true,
      value: ['203.0.113.10', '10.0.0.0/8'],
    });
  });

  it.each([
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::ffff:203.0.113.10', '203.0.113.10'],
    ['::ffff:cb00:710a', '203.0.113.10'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['203.0.113.10/32', '203.0.113.10'],
    ['2001:db8::1/128', '2001:db8::1'],
    ['2001:DB8:ffff::/32', '2001:db8::/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    ['::ffff:0:0/96', '0.0.0.0/0'],
    ['::ffff:0:0/95', '::fffe:0:0/95'],
  ])('normalises %s to %s', (entry, canonical) => {
    expect(parseIpAllowlist(entry)).toEqual({ ok: true, value: [canonical] });
  });

  it('folds duplicates after normalising, keeping the first', () => {
    expect(
      parseIpAllowlist('2001:db8::1, 10.0.0.1, 2001:DB8:0:0::1, ::ffff:10.0.0.1, 10.0.0.1/32'),
    ).toEqual({ ok: true, value: ['2001:db8::1', '10.0.0.1'] });
  });

  it.each([
    ['10.0.0.999', 'invalid_ip'],
    ['1.2.3', 'invalid_ip'],
    ['010.0.0.1', 'invalid_ip'],
    ['::g', 'invalid_ip'],
    ['fe80::1%eth0', 'invalid_ip'],
    ['[2001:db8::1]', 'invalid_ip'],
    ['example.com', 'invalid_ip'],
    ['10.0.0.0/33', 'invalid_cidr'],
    ['2001:db8::/129', 'invalid_cidr'],
    ['10.0.0.0/', 'invalid_cidr'],
    ['10.0.0.0/08', 'invalid_cidr'],
    ['10.0.0.0/-1', 'invalid_cidr'],
    ['10.0.0.0/8/8', 'invalid_cidr'],
    ['10.0.0.999/8', 'invalid_cidr'],
    ['fe80::%eth0/64', 'invalid_cidr'],
  ])('refuses %j with rule %s', (entry, rule) => {
    expect(parseIpAllowlist(entry)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ field: 'allowlist', rule, index: 0, value: entry })],
    });
  });

  it('reports every bad entry with its position and text in one result', () => {
    const result = parseIpAllowlist('203.0.113.10, 10.0.0.999,,1.2.3, 2001:db8::/129');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ rule, index, value }) => ({ rule, index, value }))).toEqual([
      { rule: 'invalid_ip', index: 1, value: '10.0.0.999' },
      { rule: 'invalid_ip', index: 3, value: '1.2.3' },
      { rule: 'invalid_cidr', index: 4, value: '2001:db8::/129' },
    ]);
  });

  it('writes a message that names the field, the position and the text', () => {
    const result = parseIpAllowlist('1.2.3.4, 10.0.0.999');
    expect(!result.ok && result.issues[0]?.message).toBe(
      'allowlist: entry 2, "10.0.0.999", is not an IPv4 or IPv6 address',
    );
  });

  it('accepts 50 entries', () => {
    expect(parseIpAllowlist(distinctV4(MAX_ALLOWLIST_ENTRIES).join(','))).toMatchObject({
      ok: true,
    });
  });

  it('refuses 51 entries with one max_entries issue', () => {
    expect(parseIpAllowlist(distinctV4(51))).toEqual({
      ok: false,
      issues: [expect.objectContaining({ field: 'allowlist', rule: 'max_entries' })],
    });
  });

  it('counts entries after folding duplicates', () => {
    expect(parseIpAllowlist([...distinctV4(50), '192.0.2.0'])).toMatchObject({ ok: true });
  });

  it('refuses a non-string item in a list', () => {
    expect(parseIpAllowlist([42] as unknown as string[])).toMatchObject({
      ok: false,
      issues: [{ rule: 'invalid_ip', index: 0, value: '42' }],
    });
  });

  it('refuses input that is neither text nor a list', () => {
    expect(parseIpAllowlist({} as unknown as string)).toMatchObject({
      ok: false,
      issues: [{ field: 'allowlist', rule: 'invalid' }],
    });
  });
});

describe('normalizeIp', () => {
  it.each([
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['::ffff:203.0.113.10', '203.0.113.10'],
    ['[::1]', '::1'],
    ['203.0.113.10', '203.0.113.10'],
  ])('normalises %s to %s', (ip, canonical) => {
    expect(normalizeIp(ip)).toBe(canonical);
  });

  it.each(['10.0.0.0/8', '1.2.3', ''])('returns null for %j', (ip) => {
    expect(normalizeIp(ip)).toBeNull();
  });
});
