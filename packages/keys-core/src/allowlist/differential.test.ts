/**
 * Our IP parser against ipaddr.js, the reference: over many generated spellings (random
 * characters of the IP alphabet and structured IPv6 with `::` and embedded IPv4), whatever we
 * accept, ipaddr.js accepts too and reads as the same address, written the same canonical way.
 * Deterministic (seeded) and bounded.
 */
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { formatClientIp, parseAddressStrict } from './ip-address.js';
import { parseIpAllowlist } from './parse-allowlist.js';

function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

function samples(count: number): string[] {
  const random = seeded(20261127);
  const alphabet = '0123456789abcdefABCDEF:.::::...fF';
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = 2 + Math.floor(random() * 20);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    out.push(text);
    const groups: string[] = [];
    const groupCount = 1 + Math.floor(random() * 8);
    for (let i = 0; i < groupCount; i++) {
      groups.push(
        Math.floor(random() * 65536)
          .toString(16)
          .slice(0, 1 + Math.floor(random() * 4)),
      );
    }
    let v6 = groups.join(':');
    if (random() < 0.5) {
      const at = Math.floor(random() * (v6.length + 1));
      v6 = `${v6.slice(0, at)}::${v6.slice(at)}`;
    }
    if (random() < 0.2) v6 += `:${[0, 1, 2, 3].map(() => Math.floor(random() * 256)).join('.')}`;
    out.push(v6);
  }
  return out;
}

/** ipaddr.js's reading, mapped IPv6 folded to IPv4, in its canonical spelling. */
function reference(text: string): string {
  let address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  return address.kind() === 'ipv6'
    ? (address as ipaddr.IPv6).toRFC5952String()
    : address.toString();
}

describe('the IP parser against ipaddr.js', () => {
  const texts = samples(40_000);

  it('accepts nothing that ipaddr.js refuses', () => {
    const oursOnly = texts.filter((t) => parseAddressStrict(t) !== null && !ipaddr.isValid(t));
    expect(oursOnly).toEqual([]);
  });

  it('reads and writes every accepted address as ipaddr.js does', () => {
    const accepted = texts.filter((t) => parseAddressStrict(t) !== null);
    const differing = accepted.filter(
      (t) => formatClientIp(parseAddressStrict(t)!) !== reference(t),
    );
    expect({ accepted: accepted.length > 1000, differing }).toEqual({
      accepted: true,
      differing: [],
    });
  });

  it('normalises allowlist entries to ipaddr.js canonical text', () => {
    const entries = ['2001:0DB8:0000:0000:0000:0000:0000:0001', '::ffff:203.0.113.10', '0:0::0:1'];
    const parsed = parseIpAllowlist(entries);
    expect(parsed).toEqual({ ok: true, value: entries.map(reference) });
  });
});
