/**
 * Reading `Authorization: Bearer <key>` (PRODUCT.md §5 step 1) without doing any work on a
 * header that cannot hold a key: the length is capped first, then the scheme is compared
 * character by character (no regex, no allocation) and the token is handed to `parseKey`,
 * whose exact length and alphabet checks refuse spaces, tabs, junk and non-ASCII.
 */

/**
 * The longest `Authorization` value looked at. A key is its prefix plus 38 characters, so
 * anything longer than this is refused as malformed before any other work (a 100 kB header
 * costs one length comparison).
 */
export const MAX_AUTHORIZATION_LENGTH = 256;

/** Why no token could be read; the verifier maps these to BSE1001 or BSE1002. */
export type BearerFailure = 'missing_header' | 'invalid_scheme' | 'missing_token' | 'malformed';

// "Bearer" as char codes, compared exactly. RFC 7235 makes auth-schemes case-insensitive,
// but PRODUCT.md §5 and issue 6 name the exact scheme `Bearer` and list a lowercase scheme
// among the malformed headers: one spelling, as every client sends it.
const SCHEME = [0x42, 0x65, 0x61, 0x72, 0x65, 0x72] as const;

function hasBearerScheme(header: string): boolean {
  for (let i = 0; i < SCHEME.length; i++) {
    if (header.charCodeAt(i) !== SCHEME[i]) return false;
  }
  return true;
}

// Shared, frozen answers: a refusal allocates nothing.
const MISSING_HEADER = Object.freeze({ failure: 'missing_header' as const });
const INVALID_SCHEME = Object.freeze({ failure: 'invalid_scheme' as const });
const MISSING_TOKEN = Object.freeze({ failure: 'missing_token' as const });
const MALFORMED = Object.freeze({ failure: 'malformed' as const });

/**
 * The token of a Bearer `Authorization` header, or why there is none. Exactly one space
 * separates the scheme from the token: RFC 6750 allows several, but no client sends them and
 * a strict reading keeps one spelling per key (two spaces then fail as `malformed`).
 *
 * - missing, empty or not a string → `missing_header`; another scheme (`Basic …`, `Token …`, and `bearer …`
 *   or `BEARER …`: only the exact `Bearer` is the scheme) → `invalid_scheme`
 * - `Bearer` with nothing after it → `missing_token`
 * - longer than {@link MAX_AUTHORIZATION_LENGTH} → `malformed`
 */
export function readBearer(header: unknown): string | { failure: BearerFailure } {
  // The one shape that holds a token, tested first and in few bytes (this sits on the hot
  // path, where the compiler's inlining budget is shared with the hash): every other header
  // gets its exact refusal from `bearerFailure`.
  if (
    typeof header === 'string' &&
    header.length > 7 && // `Bearer ` and at least one character
    header.length <= MAX_AUTHORIZATION_LENGTH &&
    header.charCodeAt(6) === 0x20 &&
    hasBearerScheme(header)
  ) {
    return header.slice(7);
  }
  return bearerFailure(header);
}

/** Why a header that {@link readBearer} could not take a token from holds none. */
function bearerFailure(header: unknown): { failure: BearerFailure } {
  // A header that is not a string (a list, a number from a hand-built request) holds no key.
  if (typeof header !== 'string' || header.length === 0) return MISSING_HEADER;
  if (header.length > MAX_AUTHORIZATION_LENGTH) return MALFORMED;
  if (header.length < SCHEME.length || !hasBearerScheme(header)) return INVALID_SCHEME;
  if (header.length === SCHEME.length) return MISSING_TOKEN;
  // `Bearerxyz` is another scheme; a tab is a Bearer header spelled wrong (RFC 7235 wants SP).
  const separator = header.charCodeAt(SCHEME.length);
  if (separator === 0x09) return MALFORMED;
  if (separator !== 0x20) return INVALID_SCHEME;
  // Only `Bearer ` is left: the scheme and its space, and no token.
  return MISSING_TOKEN;
}
