/**
 * The compiled allowlist of one key, for the hot path: built once from the stored canonical
 * entries, then each request costs a Set lookup and a few mask-and-compare steps on integers.
 */

import { parseAllowlistEntry, wordMask } from './entry.js';
import type { ClientIp } from './ip-address.js';

/** Decides whether a client address is allowed by one key's allowlist. */
export interface AllowlistMatcher {
  /** Entries the matcher was compiled from (as given). */
  readonly entries: readonly string[];
  /**
   * True when the address is allowed. An empty allowlist allows every address, even one that
   * could not be parsed; a non-empty one never allows `null` (fail closed).
   */
  matches(ip: ClientIp | null): boolean;
}

const ALLOW_ALL: AllowlistMatcher = Object.freeze({
  entries: Object.freeze([]) as readonly string[],
  matches: () => true,
});

/**
 * Compiles stored allowlist entries (the output of `parseIpAllowlist`) into a matcher: exact
 * IPv4 addresses go in a Set, ranges into flat mask-and-compare arrays. An entry that does not
 * parse matches nothing: a corrupted record narrows access, never widens it. An IPv6 range that
 * covers all of `::ffff:0:0/96` (e.g. `::/0`) also matches every IPv4 client, which is what an
 * IPv4-mapped client inside that range would be.
 *
 * @example
 * const matcher = compileAllowlist(['10.0.0.0/8', '2001:db8::1']);
 * matcher.matches(parseClientIp('10.1.2.3')); // true
 * matcher.matches(parseClientIp('192.0.2.1')); // false
 */
export function compileAllowlist(entries: readonly string[]): AllowlistMatcher {
  if (entries.length === 0) return ALLOW_ALL;
  const v4Exact = new Set<number>();
  const v4Ranges: number[] = []; // [network, mask] pairs
  const v6Ranges: number[] = []; // [n0, n1, n2, n3, m0, m1, m2, m3] per range
  let allV4 = false;
  for (const text of entries) {
    const parsed = parseAllowlistEntry(String(text).trim());
    if (!parsed.ok) continue;
    const { kind, words, prefix } = parsed.entry;
    if (kind === 4) {
      if (prefix === 32) v4Exact.add(words[0]);
      else if (prefix === 0) allV4 = true;
      else v4Ranges.push(words[0] | 0, wordMask(prefix, 0) | 0);
      continue;
    }
    const masks = [0, 1, 2, 3].map((i) => wordMask(prefix, i));
    if (prefix <= 96 && (0xffff & masks[2]!) === words[2] && words[0] === 0 && words[1] === 0) {
      allV4 = true;
    }
    v6Ranges.push(...words.map((w) => w | 0), ...masks.map((m) => m | 0));
  }
  const v4 = Int32Array.from(v4Ranges);
  const v6 = Int32Array.from(v6Ranges);
  const frozenEntries = Object.freeze([...entries]);

  function matches(ip: ClientIp | null): boolean {
    if (ip === null || ip === undefined) return false;
    if (ip.kind === 4) {
      if (allV4 || v4Exact.has(ip.w0)) return true;
      const w = ip.w0;
      for (let i = 0; i < v4.length; i += 2) {
        if ((w & v4[i + 1]!) === v4[i]) return true;
      }
      return false;
    }
    const { w0, w1, w2, w3 } = ip;
    for (let i = 0; i < v6.length; i += 8) {
      if (
        (w0 & v6[i + 4]!) === v6[i] &&
        (w1 & v6[i + 5]!) === v6[i + 1] &&
        (w2 & v6[i + 6]!) === v6[i + 2] &&
        (w3 & v6[i + 7]!) === v6[i + 3]
      ) {
        return true;
      }
    }
    return false;
  }

  return { entries: frozenEntries, matches };
}
