/**
 * The path the route table is matched against. Routers disagree on what a path means
 * (Hono decodes `%75sage` to `usage`, Express matches raw text case-insensitively, Node does
 * not remove `..`), and a verifier that reads a path differently from the router behind it
 * could check one route's scope and let another run. So the verifier reads conservatively:
 *
 * - percent-encoded unreserved characters (RFC 3986 §2.3: letters, digits, `-._~`) are
 *   decoded, since every router treats `%6Cist` as `list`;
 * - any other escape stays as it is (`%2F` is not a segment separator);
 * - a path with a `.` or `..` segment (literal or encoded) is not a route at all;
 * - nor is a path with a backslash: a WHATWG URL parser (every fetch runtime) reads `\` as
 *   `/`, so `/v1/content/x\..\..\status` would be one route here and another behind.
 *
 * The common path (no `%`, no `/.`) is returned unchanged after one scan of its characters.
 */

function hex(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

function isUnreserved(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 45 ||
    code === 46 ||
    code === 95 ||
    code === 126
  );
}

function hasDotSegment(path: string): boolean {
  for (const segment of path.split('/')) if (segment === '.' || segment === '..') return true;
  return false;
}

/** One pass over the path: bit 1 when it holds a `%`, 2 a `/.`, 4 a `\`; 0 for none. */
function scan(path: string): number {
  let found = 0;
  let previous = 0;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code === 37) found |= 1;
    else if (code === 46 && previous === 47) found |= 2;
    else if (code === 92) found |= 4;
    previous = code;
  }
  return found;
}

/**
 * The route-matching form of a path, or `null` when it holds a dot segment or a backslash
 * (never a route).
 *
 * @example
 * routePath('/v1/content/%6Cist'); // '/v1/content/list'
 * routePath('/v1/content/%2E%2E/usage'); // null
 */
export function routePath(path: string): string | null {
  const found = scan(path);
  if (found === 0) return path;
  if ((found & 4) !== 0) return null;
  if ((found & 1) === 0) return hasDotSegment(path) ? null : path;
  let out = '';
  let last = 0;
  for (let i = path.indexOf('%'); i !== -1 && i + 2 < path.length; i = path.indexOf('%', i + 1)) {
    const high = hex(path.charCodeAt(i + 1));
    const low = hex(path.charCodeAt(i + 2));
    if (high < 0 || low < 0) continue;
    const code = high * 16 + low;
    if (!isUnreserved(code)) continue;
    out += path.slice(last, i) + String.fromCharCode(code);
    last = i + 3;
    i += 2;
  }
  const decoded = out + path.slice(last);
  return hasDotSegment(decoded) ? null : decoded;
}
