/**
 * From what a framework knows about a request to a `VerifyInput`: the path and query split
 * out of the URL without `new URL()` (hot path), IPv4-mapped peers folded, and the client IP
 * resolved through trusted proxies when the binding was given its own list.
 */
import type { AllowlistMatcher } from '../allowlist/index.js';
import {
  DEFAULT_FORWARDED_HEADER,
  type ForwardedHeader,
  type ForwardingHeaders,
  resolveClientIp,
} from '../verify/client-ip.js';
import type { VerifyInput } from '../verify/results.js';

/** What every binding reads from its framework's request. */
export interface RequestParts {
  authorization: string | null | undefined;
  /** The socket's remote address. */
  peer: string | null | undefined;
  method: string;
  /** Absolute (`https://api.example.com/v1/x?y=1`) or origin-form (`/v1/x?y=1`). */
  url: string;
  userAgent: string | null | undefined;
  forwarding: ForwardingHeaders;
}

/** `::ffff:203.0.113.10` → `203.0.113.10`; anything else unchanged. */
export function foldMappedIPv4(ip: string | null | undefined): string | null {
  if (!ip) return null;
  if (
    ip.length > 7 &&
    ip.charCodeAt(0) === 58 &&
    ip.slice(0, 7).toLowerCase() === '::ffff:' &&
    ip.includes('.')
  ) {
    return ip.slice(7);
  }
  return ip;
}

/** Path and query (without `?`) of an absolute or origin-form URL; the fragment is dropped. */
export function splitUrl(url: string): { path: string; query: string } {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme !== -1 && scheme < url.indexOf('/')) {
    const slash = url.indexOf('/', scheme + 3);
    if (slash === -1) return { path: '/', query: '' };
    start = slash;
  }
  let end = url.indexOf('#', start);
  if (end === -1) end = url.length;
  const question = url.indexOf('?', start);
  if (question === -1 || question > end) return { path: url.slice(start, end) || '/', query: '' };
  return { path: url.slice(start, question) || '/', query: url.slice(question + 1, end) };
}

/** Only the header named: a binding's `forwardedHeader` narrows what reaches the engine. */
function only(forwarding: ForwardingHeaders, header: ForwardedHeader): ForwardingHeaders {
  return header === 'forwarded'
    ? { forwarded: forwarding.forwarded ?? null }
    : { xForwardedFor: forwarding.xForwardedFor ?? null };
}

/**
 * The `VerifyInput` for one request. `trusted` is the binding's own compiled
 * `trustedProxies` (`undefined`: none given, so the forwarding headers are passed on for the
 * engine's `trustedProxies`; `null`: explicitly none, headers ignored). `header` is the
 * binding's own `forwardedHeader`: the only forwarding header read (with the binding's
 * proxies) or passed on (to the engine's); `undefined`: X-Forwarded-For with the binding's
 * proxies, both passed on to the engine, which reads its own `forwardedHeader`.
 */
export function toVerifyInput(
  parts: RequestParts,
  trusted: AllowlistMatcher | null | undefined,
  header?: ForwardedHeader,
): VerifyInput {
  const { path, query } = splitUrl(parts.url);
  const peer = foldMappedIPv4(parts.peer);
  const forwarding = header === undefined ? parts.forwarding : only(parts.forwarding, header);
  const hasForwarding = Boolean(forwarding.xForwardedFor || forwarding.forwarded);
  return {
    authorization: parts.authorization,
    ip:
      trusted === undefined || !hasForwarding
        ? peer
        : resolveClientIp(peer, forwarding, trusted, header ?? DEFAULT_FORWARDED_HEADER),
    method: parts.method,
    path,
    query,
    userAgent: parts.userAgent ?? null,
    ...(trusted === undefined && hasForwarding ? { forwarded: forwarding } : {}),
  };
}
