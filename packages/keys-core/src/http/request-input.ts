/**
 * From what a framework knows about a request to a `VerifyInput`: the path and query split
 * out of the URL without `new URL()` (hot path), and the client IP as the binding's
 * `getClientIp` resolved it (IPv4-mapped addresses folded).
 */
import type { VerifyInput } from '../verify/results.js';
import type { ConnInfo } from './client-ip.js';

/** What every binding reads from its framework's request. */
export interface RequestParts {
  authorization: string | null | undefined;
  /** The client's address, as the binding's `getClientIp` resolved it. */
  ip: string | null | undefined;
  method: string;
  /** Absolute (`https://api.example.com/v1/x?y=1`) or origin-form (`/v1/x?y=1`). */
  url: string;
  userAgent: string | null | undefined;
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

/** A {@link ConnInfo} over a peer address and a header reader. */
export function connInfo(
  peer: string | null | undefined,
  header: (name: string) => string | null,
): ConnInfo {
  return { peer: foldMappedIPv4(peer), header };
}

/** A Node-style header value (`IncomingMessage.headers[name]`) as one string, or `null`. */
export function nodeHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The `VerifyInput` for one request. */
export function toVerifyInput(parts: RequestParts): VerifyInput {
  const { path, query } = splitUrl(parts.url);
  return {
    authorization: parts.authorization,
    ip: foldMappedIPv4(parts.ip),
    method: parts.method,
    path,
    query,
    userAgent: parts.userAgent ?? null,
  };
}
