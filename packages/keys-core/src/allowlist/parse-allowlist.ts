/**
 * User-facing allowlist parsing: the Add dialog and the server run this same function, so it
 * is browser-safe and reports every problem at once, each with its position and text.
 */
import type { FieldIssue } from '../errors/keys-error.js';
import { parseAllowlistEntry } from './entry.js';
import { formatClientIp, parseClientIp } from './ip-address.js';

/** Most entries an allowlist may hold (PRODUCT.md §3). */
export const MAX_ALLOWLIST_ENTRIES = 50;

/** Outcome of {@link parseIpAllowlist}. */
export type AllowlistParseResult =
  | { ok: true; value: string[] }
  | { ok: false; issues: FieldIssue[] };

const FIELD = 'allowlist';
const MAX_QUOTED = 64;

function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/**
 * Parses an IP allowlist, given as the dialog's comma-separated text or as a list.
 *
 * - Items are trimmed; blank items (`a,,b`, a trailing comma) are ignored, so that pasted
 *   lists need no cleaning. An empty or missing list means "any IP".
 * - Each item is an IPv4 address (dotted decimal only), an IPv6 address in any valid spelling,
 *   or a CIDR range of either. Zone ids (`fe80::1%eth0`) are refused: they name an interface of
 *   one machine, not a client.
 * - Output is canonical: IPv6 per RFC 5952, IPv4-mapped IPv6 folded to IPv4, CIDR reduced to
 *   its network address (`10.1.2.3/8` → `10.0.0.0/8`), `/32` and `/128` written as plain
 *   addresses. Duplicates (after normalising) are folded, keeping the first.
 * - At most {@link MAX_ALLOWLIST_ENTRIES} distinct entries.
 *
 * Every bad item yields an issue with field `allowlist`, rule `invalid_ip` or `invalid_cidr`,
 * `index` (0-based position among the comma-separated items, blanks included) and `value`.
 *
 * @example
 * parseIpAllowlist('203.0.113.10, 2001:DB8:0:0::1, 10.1.2.3/8,');
 * // { ok: true, value: ['203.0.113.10', '2001:db8::1', '10.0.0.0/8'] }
 * parseIpAllowlist('10.0.0.999');
 * // { ok: false, issues: [{ field: 'allowlist', rule: 'invalid_ip', index: 0, value: '10.0.0.999', message: … }] }
 */
export function parseIpAllowlist(
  input: string | readonly string[] | null | undefined,
): AllowlistParseResult {
  if (input === null || input === undefined) return { ok: true, value: [] };
  let items: readonly unknown[];
  if (typeof input === 'string') items = input.split(',');
  else if (Array.isArray(input)) items = input;
  else {
    return {
      ok: false,
      issues: [
        {
          field: FIELD,
          rule: 'invalid',
          message: 'allowlist: expected comma-separated addresses or a list of them',
        },
      ],
    };
  }

  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const value: string[] = [];
  let distinct = 0;
  for (let index = 0; index < items.length; index++) {
    const raw = items[index];
    const text = typeof raw === 'string' ? raw.trim() : String(raw);
    if (text === '') continue;
    const parsed = typeof raw === 'string' ? parseAllowlistEntry(text) : null;
    if (parsed === null || !parsed.ok) {
      const rule = parsed?.rule ?? 'invalid_ip';
      const what = rule === 'invalid_cidr' ? 'a valid CIDR range' : 'an IPv4 or IPv6 address';
      issues.push({
        field: FIELD,
        rule,
        index,
        value: text,
        message: `allowlist: entry ${index + 1}, ${quote(text)}, is not ${what}`,
      });
      distinct++;
      continue;
    }
    const { canonical } = parsed.entry;
    if (seen.has(canonical)) continue;
    seen.add(canonical);
    value.push(canonical);
    distinct++;
  }
  if (distinct > MAX_ALLOWLIST_ENTRIES) {
    issues.push({
      field: FIELD,
      rule: 'max_entries',
      message: `allowlist: at most ${MAX_ALLOWLIST_ENTRIES} entries (got ${distinct})`,
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/**
 * The canonical text of one address (not a range): IPv4 dotted decimal, IPv6 per RFC 5952,
 * IPv4-mapped IPv6 folded to IPv4. Accepts what {@link parseClientIp} accepts (brackets and a
 * zone id are dropped), so it suits logging and comparing client addresses.
 *
 * @returns the canonical text, or `null` if `ip` is not an address
 * @example
 * normalizeIp('2001:DB8:0:0::1'); // '2001:db8::1'
 * normalizeIp('::ffff:203.0.113.10'); // '203.0.113.10'
 */
export function normalizeIp(ip: string): string | null {
  const parsed = parseClientIp(ip);
  if (parsed === null) return null;
  return formatClientIp(parsed);
}
