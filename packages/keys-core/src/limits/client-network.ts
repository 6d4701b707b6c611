/**
 * The unit the authentication throttle counts in: one IPv4 address, or one IPv6 /64 (a
 * single host is usually handed a whole /64, so counting per address would let it rotate
 * through 2^64 of them).
 */
import { parseClientIp } from '../allowlist/index.js';

/**
 * The throttle bucket of a client address, or `null` when the address cannot be read (such
 * requests are not throttled: they would otherwise all share one bucket and lock each other
 * out; the bindings always know the socket's peer).
 *
 * @example
 * clientNetwork('203.0.113.7'); // 'ip4:203.0.113.7'
 * clientNetwork('2001:db8:1:2:aaaa::1'); // 'ip6:2001:db8:1:2' (the /64)
 */
export function clientNetwork(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const parsed = parseClientIp(ip);
  if (parsed === null) return null;
  if (parsed.kind === 4) {
    const w = parsed.w0;
    return `ip4:${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}`;
  }
  const hex = (word: number) =>
    `${((word >>> 16) & 0xffff).toString(16)}:${(word & 0xffff).toString(16)}`;
  return `ip6:${hex(parsed.w0)}:${hex(parsed.w1)}`;
}
