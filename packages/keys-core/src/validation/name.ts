/**
 * Key names (PRODUCT.md §3): required, trimmed, 1–100 characters as a person counts them
 * (grapheme clusters, so a family emoji is one), no control characters.
 */
import { invalid, type Result } from './result.js';

/** Most characters (grapheme clusters) in a key name. */
export const MAX_NAME_LENGTH = 100;

/**
 * Longest name, in UTF-16 code units, worth segmenting: 100 graphemes of even long emoji
 * sequences fit well within it, and it bounds the work an oversized input can cause.
 */
const MAX_NAME_CODE_UNITS = 4000;

/*
 * Refused: C0 controls and DEL (U+0000–001F, U+007F) and C1 controls (U+0080–009F).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/*
 * Refused with their own message: the bidi controls (embeddings, overrides and isolates
 * U+202A–202E and U+2066–2069, and the marks U+200E, U+200F, U+061C). They are invisible and
 * reorder the text around them, so a name could display as something other than what it is
 * ("Trojan Source"). Zero-width joiners stay allowed: emoji sequences need them.
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
/*
 * A name a person cannot see: only format characters (\p{Cf}: zero-width space, word joiner,
 * soft hyphen, tags…), separators, and the characters that render as blanks although Unicode
 * calls them letters or symbols (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the
 * braille blank U+2800, the combining grapheme joiner, variation selectors, the musical
 * symbol fillers). PRODUCT.md counts names "as a person sees them"; an invisible one cannot
 * be told apart in the table.
 */
const INVISIBLE_ONLY =
  /^(?:[\p{Cf}\p{Z}\u115f\u1160\u3164\uffa0\u2800\u{1d159}\u{1d173}-\u{1d17a}]|\p{Variation_Selector}|\u034f)+$/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Segmenter = { segment(text: string): Iterable<unknown> };

const segmenter: Segmenter | undefined = (() => {
  const Ctor = (
    globalThis.Intl as { Segmenter?: new (locale?: string, options?: object) => Segmenter }
  )?.Segmenter;
  return Ctor ? new Ctor(undefined, { granularity: 'grapheme' }) : undefined;
})();

/**
 * Counts user-perceived characters (extended grapheme clusters) with `Intl.Segmenter`, or code
 * points where the runtime lacks it.
 *
 * @example
 * countGraphemes('prod-api-worker'); // 15
 * countGraphemes('👩‍👩‍👧‍👦'); // 1
 * countGraphemes('é'); // 1 (e + combining accent)
 */
export function countGraphemes(text: string): number {
  let count = 0;
  if (segmenter) {
    for (const _ of segmenter.segment(text)) count++;
    return count;
  }
  for (const _ of text) count++;
  return count;
}

/**
 * Validates a key name and returns it trimmed. Rules: `required` (missing, not text, or blank
 * after trimming), `control_characters`, `bidi_controls`, `invalid` (malformed UTF-16: a
 * lone surrogate), `invisible` (only blank or format characters, e.g. a zero-width space),
 * `max_length` (more than {@link MAX_NAME_LENGTH} characters).
 *
 * @example
 * validateName('  prod-api-worker '); // { ok: true, value: 'prod-api-worker' }
 * validateName('x'.repeat(101)); // { ok: false, issues: [{ field: 'name', rule: 'max_length', message: 'name: at most 100 characters' }] }
 */
export function validateName(input: unknown): Result<string> {
  if (typeof input !== 'string') return invalid('name', 'required', 'required');
  const name = input.trim();
  if (name === '') return invalid('name', 'required', 'required');
  if (CONTROL.test(name)) {
    return invalid('name', 'control_characters', 'must not contain control characters');
  }
  if (BIDI.test(name)) {
    return invalid(
      'name',
      'bidi_controls',
      'must not contain bidirectional text controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069): they change how the name displays',
    );
  }
  if (LONE_SURROGATE.test(name)) return invalid('name', 'invalid', 'contains malformed text');
  if (INVISIBLE_ONLY.test(name)) {
    return invalid(
      'name',
      'invisible',
      'must contain at least one visible character (this name is only blank or format characters)',
    );
  }
  if (name.length > MAX_NAME_CODE_UNITS || countGraphemes(name) > MAX_NAME_LENGTH) {
    return invalid('name', 'max_length', `at most ${MAX_NAME_LENGTH} characters`);
  }
  return { ok: true, value: name };
}
