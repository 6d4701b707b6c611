import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { formatClientIp, parseAddressStrict, parseClientIp } from './ip-address.js';

/** The address as ipaddr.js reads it, in the same shape, for differential checks. */
function viaIpaddr(text: string) {
  let address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  const bytes = address.toByteArray();
  const words = [0, 0, 0, 0];
  for (let i = 0; i < bytes.length; i++) words[i >> 2] = ((words[i >> 2]! << 8) | bytes[i]!) >>> 0;
  return address.kind() === 'ipv4'
    ? { kind: 4, w0: words[0], w1: 0, w2: 0, w3: 0 }
    : { kind: 6, w0: words[0], w1: words[1], w2: words[2], w3: words[3] };
}

const VALID = [
  '0.0.0.0',
  '203.0.113.10',
  '255.255.255.255',
  '::',
  '::1',
  '1::',
  '2001:db8::1',
  '2001:DB8:0:0::1',
  '2001:0db8:0000:0000:0000:0000:0000:0001',
  '2001:db8:1:2:3:4:5:6',
  'fe80::1:2',
  '1:2:3:4:5:6::',
  '::2:3:4:5:6:7:8',
  '1:2:3:4:5:6:1.2.3.4',
  '64:ff9b::192.0.2.33',
  '::ffff:203.0.113.10',
  '::FFFF:cb00:710a',
  '0:0:0:0:0:ffff:203.0.113.10',
  'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
];

describe('parseClientIp', () => {
  it.each(VALID)('reads %s as ipaddr.js does (mapped folded)', (text) => {
    expect(parseClientIp(text)).toEqual(viaIpaddr(text));
  });

  it('folds IPv4-mapped IPv6 to the IPv4 address', () => {
    expect(parseClientIp('::ffff:203.0.113.10')).toEqual(parseClientIp('203.0.113.10'));
  });

  it('reads 2001:db8:0:0::1 and 2001:db8::1 as the same address', () => {
    expect(parseClientIp('2001:db8:0:0::1')).toEqual(parseClientIp('2001:db8::1'));
  });

  it('drops brackets', () => {
    expect(parseClientIp('[2001:db8::1]')).toEqual(parseClientIp('2001:db8::1'));
  });

  it('drops a zone id', () => {
    expect(parseClientIp('fe80::1%eth0')).toEqual(parseClientIp('fe80::1'));
  });

  it.each([
    '',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1.2.3',
    '1.2.3.4.5',
    '10.0.0.999',
    '256.0.0.1',
    '01.2.3.4',
    '0x7f.0.0.1',
    '127.1',
    '1..2.3',
    '::g',
    ':::',
    '1:::2',
    '1::2::3',
    ':1::2',
    '1::2:',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    '12345::1',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::1.2.3',
    '::ffff:1.2.3.04',
    '[::1',
    '[::1]:443',
    '1.2.3.4%eth0',
    'fe80::1%',
    'localhost',
    '1.2.3.4/32',
  ])('refuses %j', (text) => {
    expect(parseClientIp(text)).toBeNull();
  });

  it('refuses a non-string without throwing', () => {
    expect(parseClientIp(42 as unknown as string)).toBeNull();
  });
});

describe('parseAddressStrict', () => {
  it.each(['[::1]', 'fe80::1%eth0'])('refuses %j, which only client parsing accepts', (text) => {
    expect(parseAddressStrict(text)).toBeNull();
  });
});

describe('formatClientIp', () => {
  it.each(VALID)('formats %s as ipaddr.js toRFC5952String / toString does', (text) => {
    const address = ipaddr.parse(text);
    const ip = parseClientIp(text)!;
    const expected =
      ip.kind === 4
        ? (address.kind() === 'ipv4'
            ? address
            : (address as ipaddr.IPv6).toIPv4Address()
          ).toString()
        : (address as ipaddr.IPv6).toRFC5952String();
    expect(formatClientIp(ip)).toBe(expected);
  });

  it.each([
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:0:2:2:0:0:3', '1::2:2:0:0:3'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
  ])('writes %s as %s (RFC 5952 §4.2)', (text, expected) => {
    expect(formatClientIp(parseClientIp(text)!)).toBe(expected);
  });
});
