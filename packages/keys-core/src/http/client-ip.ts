/**
 * Which address is the client (PRODUCT.md §5: "The client IP is the socket's address unless
 * trusted proxies are configured; X-Forwarded-For is never believed by default"). This is the
 * one place that reads forwarding headers: the engine takes `VerifyInput.ip` as the client,
 * and every binding asks one `getClientIp(conn, request)` option, which defaults to the socket
 * peer and becomes {@link trustProxies} behind a proxy.
 *
 * With trusted proxies, the forwarding chain is walked from the right (the hop nearest to us)
 * and the first hop that is not a trusted proxy is the client, as Express's `proxy-addr`
 * does. The left-most entry is whatever the caller typed and is never taken while an
 * untrusted hop stands to its right: that is the allowlist bypass of OneUptime #3171 and
 * OpenWA #211.
 */
import {
  type AllowlistMatcher,
  compileAllowlist,
  parseClientIp,
  parseIpAllowlist,
} from '../allowlist/index.js';
import { KeysError } from '../errors/keys-error.js';

/** How much of a forwarding header is read, from its right end (the hops we need). */
const MAX_FORWARDING_HEADER = 2048;

/**
 * The one forwarding header believed from a trusted proxy. Only one is read: a proxy that
 * appends to `X-Forwarded-For` (nginx, AWS ALB, most) passes a client's own `Forwarded`
 * through untouched, so reading both would let `Forwarded: for=<allowed ip>` pick the client.
 */
export type ForwardedHeader = 'x-forwarded-for' | 'forwarded';

/** `X-Forwarded-For`, what most proxies and load balancers append to. */
export const DEFAULT_FORWARDED_HEADER: ForwardedHeader = 'x-forwarded-for';

/**
 * The header named, or the default when `undefined`; throws `INVALID_CONFIGURATION` otherwise.
 */
export function resolveForwardedHeader(
  value: unknown,
  option = 'forwardedHeader',
): ForwardedHeader {
  if (value === undefined) return DEFAULT_FORWARDED_HEADER;
  if (value === 'x-forwarded-for' || value === 'forwarded') return value;
  throw new KeysError(
    'INVALID_CONFIGURATION',
    `${option}: expected 'x-forwarded-for' or 'forwarded', got ${JSON.stringify(value) ?? String(value)}`,
  );
}

/**
 * What every binding knows about a request's connection, whatever the framework: handed to
 * `getClientIp` (the shape of Hono's `getConnInfo`, plus the headers a proxy writes).
 */
export interface ConnInfo {
  /**
   * The socket's remote address (IPv4-mapped IPv6 folded to IPv4), or `null` where the
   * runtime gives none (a fetch `Request` without `info.ip`, Cloudflare Workers).
   */
  readonly peer: string | null;
  /** A request header by lower-case name (repeats joined with `, `), or `null`. */
  header(name: string): string | null;
}

/**
 * A binding's `getClientIp`: the client's address for one request, from its connection and,
 * when you need more, the framework's own request object. `null`/`undefined`: unknown (keys
 * with an allowlist are then refused).
 */
export type GetClientIp<Request = unknown> = (
  conn: ConnInfo,
  request: Request,
) => string | null | undefined;

/** The default `getClientIp`: the socket's address; no header is believed. */
export const socketPeer: GetClientIp = (conn) => conn.peer;

/** Options of {@link trustProxies}. */
export interface TrustProxiesOptions {
  /**
   * The one forwarding header believed from a trusted proxy; the other is ignored. Name the
   * header your proxy writes (appends to): one that appends to `X-Forwarded-For` (nginx, AWS
   * ALB) passes a client's own `Forwarded` through, which must not pick the client.
   * @default 'x-forwarded-for'
   */
  header?: ForwardedHeader;
}

/**
 * A `getClientIp` for an app behind proxies: when the socket peer is one of `proxies`
 * (addresses or CIDR), the client is the right-most hop of the one forwarding header that is
 * not itself a trusted proxy (never the left-most entry alone: that is whatever the caller
 * typed). From any other peer, the headers are ignored. Bad entries throw here, at start-up.
 *
 * @throws {KeysError} `INVALID_CONFIGURATION` naming the entry
 * @example
 * import { trustProxies } from '@babysea/keys-core/http';
 * app.use('/api/*', keysAuth(keys, { getClientIp: trustProxies(['10.0.0.0/8']) }));
 */
export function trustProxies(
  proxies: readonly string[],
  options: TrustProxiesOptions = {},
): GetClientIp {
  if (!Array.isArray(proxies) || !proxies.every((entry) => typeof entry === 'string')) {
    throw new KeysError(
      'INVALID_CONFIGURATION',
      'trustProxies: expected a list of addresses or CIDR ranges',
    );
  }
  const trusted = compileTrustedProxies(proxies);
  const header = resolveForwardedHeader(options.header, 'trustProxies: header');
  return (conn) =>
    resolveClientIp(
      conn.peer,
      header === 'forwarded'
        ? { forwarded: conn.header('forwarded') }
        : { xForwardedFor: conn.header('x-forwarded-for') },
      trusted,
      header,
    );
}

/** The forwarding headers of a request, as sent. */
export interface ForwardingHeaders {
  /** `X-Forwarded-For`: `client, proxy1, proxy2`. */
  xForwardedFor?: string | null;
  /** RFC 7239 `Forwarded`: `for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"`. */
  forwarded?: string | null;
}

/** The right-most part of a long header, cut at a comma so that no hop is half-read. */
function tail(header: string): string {
  if (header.length <= MAX_FORWARDING_HEADER) return header;
  const cut = header.slice(header.length - MAX_FORWARDING_HEADER);
  const comma = cut.indexOf(',');
  return comma === -1 ? '' : cut.slice(comma + 1);
}

/** The `for=` address of one RFC 7239 element, without quotes, brackets or port; or null. */
function forwardedFor(element: string): string | null {
  for (const pair of element.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    if (value.startsWith('[')) {
      const close = value.indexOf(']');
      return close === -1 ? null : value.slice(1, close);
    }
    // `192.0.2.60:4711` → drop the port; a bare IPv6 must be bracketed per RFC 7239.
    const colon = value.indexOf(':');
    if (colon !== -1 && value.indexOf(':', colon + 1) === -1) return value.slice(0, colon);
    return value;
  }
  return null;
}

/** The hops of the one believed header, left (claimed client) to right (nearest proxy). */
function hops(headers: ForwardingHeaders, header: ForwardedHeader): (string | null)[] {
  if (header === 'forwarded') {
    return headers.forwarded ? tail(headers.forwarded).split(',').map(forwardedFor) : [];
  }
  if (headers.xForwardedFor) {
    return tail(headers.xForwardedFor)
      .split(',')
      .map((hop) => hop.trim() || null);
  }
  return [];
}

/**
 * The client's address: `peer` (the socket's address) unless `trusted` matches it, in which
 * case the right-most hop of `header` (only that one; the other is ignored) that is not itself
 * trusted. Returns `null`
 * when the address cannot be read (unparsable peer, an `unknown` or obfuscated hop, garbage):
 * the verifier then fails closed for keys with an allowlist.
 *
 * @example
 * resolveClientIp('10.0.0.2', { xForwardedFor: '1.2.3.4, 203.0.113.7' }, compileAllowlist(['10.0.0.0/8']));
 * // → '203.0.113.7' (the hop the trusted proxy saw; '1.2.3.4' is the caller's claim)
 */
export function resolveClientIp(
  peer: string | null | undefined,
  headers: ForwardingHeaders | null | undefined,
  trusted: AllowlistMatcher | null,
  header: ForwardedHeader = DEFAULT_FORWARDED_HEADER,
): string | null {
  if (!peer) return null;
  if (trusted === null || headers == null) return peer;
  const peerIp = parseClientIp(peer);
  if (peerIp === null || !trusted.matches(peerIp)) return peer;
  const chain = hops(headers, header);
  let client: string = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    const ip = hop ? parseClientIp(hop) : null;
    if (ip === null) return null;
    client = hop as string;
    if (!trusted.matches(ip)) return client;
  }
  // Every hop is a trusted proxy: the left-most is the closest thing to a client we know.
  return client;
}

/**
 * Compiles `trustedProxies` once; throws `KeysError('INVALID_CONFIGURATION')` on a bad entry.
 * Returns `null` for none (an empty matcher would match everything).
 */
export function compileTrustedProxies(
  list: readonly string[] | undefined,
): AllowlistMatcher | null {
  if (!list || list.length === 0) return null;
  const parsed = parseIpAllowlist(list);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new KeysError(
      'INVALID_CONFIGURATION',
      `trustProxies${first?.index === undefined ? '' : `[${first.index}]`}: ${first?.message ?? 'invalid'}`,
      { issues: parsed.issues.map((issue) => ({ ...issue, field: 'trustProxies' })) },
    );
  }
  return compileAllowlist(parsed.value);
}
