import { describe, expect, it } from 'vitest';
import { clientNetwork } from './client-network.js';

describe('clientNetwork', () => {
  it('counts an IPv4 address alone', () => {
    expect(clientNetwork('203.0.113.7')).toBe('ip4:203.0.113.7');
  });

  it('counts an IPv6 address by its /64', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe(clientNetwork('2001:db8:1:2:ffff:1:2:3'));
    expect(clientNetwork('2001:db8:1:2::1')).toBe('ip6:2001:db8:1:2');
  });

  it('puts two different /64s in different buckets', () => {
    expect(clientNetwork('2001:db8:1:2::1')).not.toBe(clientNetwork('2001:db8:1:3::1'));
  });

  it('folds an IPv4-mapped IPv6 address into its IPv4 bucket', () => {
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('ip4:203.0.113.7');
  });

  it.each([null, undefined, '', 'not-an-ip', '999.1.1.1'])('gives no bucket for %j', (ip) => {
    expect(clientNetwork(ip)).toBeNull();
  });
});
