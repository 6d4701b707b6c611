/**
 * The demo answers only requests addressed to its own host names. A page on another site can
 * point a DNS name it controls at 127.0.0.1 (DNS rebinding) and then talk to the demo as a
 * same-origin page would: create keys and read their secrets. Its requests carry that name in
 * `Host`, so checking the name refuses them.
 */
import type { MiddlewareHandler } from 'hono';

/** The names the demo always answers to. */
export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** `host` as it appears in a URL's hostname: lowercase, IPv6 in brackets. */
function urlHostname(host: string): string {
  const lower = host.trim().toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/**
 * A middleware that refuses (421 Misdirected Request) a request whose host name is not
 * localhost, 127.0.0.1, ::1 or one of `extraHosts` (the `HOST` the demo listens on).
 */
export function hostCheck(extraHosts: readonly (string | undefined)[] = []): MiddlewareHandler {
  const allowed = new Set<string>([...LOCAL_HOSTS]);
  for (const host of extraHosts) {
    // 0.0.0.0 and :: listen everywhere; they are never a name a browser sends.
    if (host && host !== '0.0.0.0' && host !== '::') allowed.add(urlHostname(host));
  }
  return async (c, next) => {
    // The adapter builds the URL from the Host header, so this is the name the client used.
    const hostname = new URL(c.req.url).hostname.toLowerCase();
    if (!allowed.has(hostname)) {
      return c.json(
        {
          status: 'error',
          error: {
            code: 'BSE9421',
            type: 'misdirected_request',
            message: `This demo answers only to ${[...allowed].join(', ')} (set HOST to add a name).`,
            retryable: false,
          },
        },
        421,
      );
    }
    await next();
  };
}
