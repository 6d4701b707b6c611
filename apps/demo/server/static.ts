/**
 * Serves the built dashboard (vite's `dist/client`) with an SPA fallback: a GET for a path
 * that is not a file answers `index.html`, so that `/logs` or a reload on `/activity` works.
 * Hashed assets under `/assets/` are cached for a year; `index.html` never.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileAt(path: string): Promise<Buffer | null> {
  try {
    return (await stat(path)).isFile() ? await readFile(path) : null;
  } catch {
    return null;
  }
}

/** The message shown when the bundle has not been built. */
export const MISSING_BUILD_MESSAGE =
  'The dashboard is not built. Run `pnpm --filter @babysea/keys-demo build` (or `pnpm start`).';

/** A middleware serving `root` (an absolute directory) with an SPA fallback to `index.html`. */
export function serveClient(root: string): MiddlewareHandler {
  const base = normalize(root + sep);
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('Bad request', 400);
    }
    const target = normalize(join(base, pathname));
    if (target.startsWith(base) && extname(target) !== '') {
      const body = await fileAt(target);
      if (body) {
        const immutable = pathname.startsWith('/assets/');
        return c.body(new Uint8Array(body), 200, {
          'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
          'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
      }
      // A missing file with an extension is a real 404, not a page of the app.
      return c.text('Not found', 404);
    }
    const index = await fileAt(join(base, 'index.html'));
    if (!index) return c.text(MISSING_BUILD_MESSAGE, 503);
    return c.body(new Uint8Array(index), 200, {
      'Content-Type': TYPES['.html'] as string,
      'Cache-Control': 'no-cache',
    });
  };
}
