/**
 * Finds every key-shaped token in logged text and redacts it, however it was written: as is,
 * percent-encoded (any characters, any case, several times over: `%2562ye_…`), as JSON or
 * JavaScript escapes (`\u0062ye_…`, `\x62…`) or as HTML numeric entities (`&#98;ye_…`), in a
 * path, a query of any shape, a User-Agent or any other text.
 *
 * "Key-shaped" is exact: 38 base62 characters whose checksum (PRODUCT.md: CRC-32 of what
 * precedes it) holds for the configured prefix. A random run matches by chance once in 62^6,
 * so nothing but keys is redacted, and text that merely mentions `bye_` survives as written.
 *
 * How: the text is decoded layer by layer (up to {@link MAX_LAYERS}), each decoded character
 * remembering the span of the original it came from; a key found in any layer redacts its
 * span of the original. Cost: text that holds neither the prefix nor an escape introducer
 * (`%`, `\`, `&#`) cannot hold a key in any of these spellings and is returned after one
 * regular-expression test; only the rest is decoded.
 */
import { base62Digit, decodeBase62At } from './base62.js';
import { crc32Update } from './crc32.js';
import { DISPLAY_BODY_LENGTH, KEY_BODY_LENGTH, KEY_RANDOM_LENGTH } from './key.js';

/** Decoding rounds looked through (`%25` nested this deep still decodes to a key). */
export const MAX_LAYERS = 4;

/** What a key's span becomes: its display prefix (shown in the keys table anyway) and this. */
export const REDACTED_KEY = '[REDACTED]';

/** One decoded view of the original: characters and the original span of each. */
interface Layer {
  chars: string;
  starts: Int32Array;
  ends: Int32Array;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** The value of `count` hex digits of `text` at `at`, or -1. */
function hexAt(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = hexValue(text.charCodeAt(at + i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** An HTML numeric entity at `at` (`&#98;`, `&#x62;`): [code, length], or null. */
function entityAt(text: string, at: number): [number, number] | null {
  if (text.charCodeAt(at + 1) !== 35) return null; // '#'
  let i = at + 2;
  const hex = (text.charCodeAt(i) | 0x20) === 120; // 'x'
  if (hex) i++;
  let value = 0;
  const first = i;
  while (i < text.length && i - first < 8) {
    const code = text.charCodeAt(i);
    const digit = hex ? hexValue(code) : code >= 48 && code <= 57 ? code - 48 : -1;
    if (digit < 0) break;
    value = value * (hex ? 16 : 10) + digit;
    i++;
  }
  if (i === first || value > 0xffff) return null;
  // The `;` is optional in HTML for numeric references.
  if (text.charCodeAt(i) === 59) i++;
  return [value, i - at];
}

/**
 * One round of decoding: every escape whose result is a single UTF-16 unit becomes it; a
 * percent-encoded byte above 0x7f (part of a multi-byte character, never part of a key)
 * becomes U+FFFD. Returns null when nothing was decoded.
 */
function decodeLayer(layer: Layer): Layer | null {
  const { chars, starts, ends } = layer;
  const n = chars.length;
  let out = '';
  const outStarts = new Int32Array(n);
  const outEnds = new Int32Array(n);
  let count = 0;
  let changed = false;
  for (let i = 0; i < n; ) {
    const code = chars.charCodeAt(i);
    let value = -1;
    let length = 1;
    if (code === 37) {
      // %XX
      value = hexAt(chars, i + 1, 2);
      if (value >= 0x80) value = 0xfffd;
      length = 3;
    } else if (code === 92) {
      // \uXXXX, \xXX
      const kind = chars.charCodeAt(i + 1) | 0x20;
      if (kind === 117) {
        value = hexAt(chars, i + 2, 4);
        length = 6;
      } else if (kind === 120) {
        value = hexAt(chars, i + 2, 2);
        length = 4;
      }
    } else if (code === 38) {
      const entity = entityAt(chars, i);
      if (entity !== null) [value, length] = entity;
    }
    if (value < 0) {
      value = code;
      length = 1;
    } else {
      changed = true;
    }
    out += String.fromCharCode(value);
    outStarts[count] = starts[i]!;
    outEnds[count] = ends[i + length - 1]!;
    count++;
    i += length;
  }
  if (!changed) return null;
  return { chars: out, starts: outStarts.subarray(0, count), ends: outEnds.subarray(0, count) };
}

/**
 * Adds to `spans` the original span of every key body in `layer`: 38 base62 characters whose
 * last 6 are the checksum of `prefix` and the 32 before them. The prefix itself is not looked
 * for: the checksum already covers it, and text built to confuse a decoder can spell it so
 * that no single reading keeps both the prefix and the body whole (`%9b&#121;e…` reads as
 * `%9bye…` or as `\x9bye…`), while the secret, the body, is still there.
 */
function collectKeys(
  layer: Layer,
  prefixCrc: number,
  spans: { start: number; end: number; body: string }[],
): void {
  const { chars, starts, ends } = layer;
  const n = chars.length;
  let run = 0;
  for (let i = 0; i < n; i++) {
    if (base62Digit(chars.charCodeAt(i)) < 0) {
      run = 0;
      continue;
    }
    run++;
    if (run < KEY_BODY_LENGTH) continue;
    const at = i + 1 - KEY_BODY_LENGTH;
    const checksumAt = at + KEY_RANDOM_LENGTH;
    const actual = ~crc32Update(prefixCrc, chars, at, checksumAt) >>> 0;
    if (actual === decodeBase62At(chars, checksumAt)) {
      spans.push({ start: starts[at]!, end: ends[i]!, body: chars.slice(at, i + 1) });
    }
  }
}

/**
 * The original spans of every key body in `text` (the prefix before it, when there, is left
 * out: it is no secret), in any of the spellings above, sorted by start. Overlapping spans
 * are merged.
 */
export function findKeySpans(
  text: string,
  prefix: string,
): { start: number; end: number; body: string }[] {
  const n = text.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  let layer: Layer | null = { chars: text, starts, ends };
  const prefixCrc = crc32Update(0xffffffff, prefix);
  const spans: { start: number; end: number; body: string }[] = [];
  for (let round = 0; layer !== null && round <= MAX_LAYERS; round++) {
    collectKeys(layer, prefixCrc, spans);
    layer = round < MAX_LAYERS ? decodeLayer(layer) : null;
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof spans = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start < last.end) {
      if (span.end > last.end) last.end = span.end;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A redactor bound to one key prefix: `text` with every key-shaped token (in any spelling
 * above) replaced by its display prefix and `[REDACTED]` (`bye_a1B2c[REDACTED]`). Text that
 * cannot hold a key is returned as the same string, after one regular-expression test.
 *
 * @example
 * const redact = createKeyRedactor('bye_');
 * redact('/v1/status'); // '/v1/status' (no work past the test)
 * redact(`next=%2Fcb%3Fk%3D${encodeURIComponent(secret)}`); // 'next=%2Fcb%3Fk%3Dbye_a1B2c[REDACTED]'
 */
export function createKeyRedactor(prefix: string): (text: string) => string {
  const mightHold = new RegExp(`${escapeRegExp(prefix)}|%|\\\\|&#`);
  return (text) => {
    if (text.length < prefix.length + KEY_BODY_LENGTH || !mightHold.test(text)) return text;
    const spans = findKeySpans(text, prefix);
    if (spans.length === 0) return text;
    let out = '';
    let from = 0;
    for (const { start, end, body } of spans) {
      out += text.slice(from, start);
      out += body.slice(0, DISPLAY_BODY_LENGTH) + REDACTED_KEY;
      from = end;
    }
    return out + text.slice(from);
  };
}
