import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET } from './base62.js';
import { DISPLAY_BODY_LENGTH, generateKey, KEY_RANDOM_LENGTH, keyChecksum } from './key.js';
import { createKeyRedactor, findKeySpans } from './key-redactor.js';

/** Runs of the main property; the closing note quotes it. */
const RUNS = 5000;

const PREFIXES = ['bye_', 'sk_live_', 'k'] as const;

/** A valid key of `prefix` built from fast-check's randomness (shrinkable, replayable). */
const keyOf = (prefix: string) =>
  fc
    .array(fc.constantFrom(...BASE62_ALPHABET), {
      minLength: KEY_RANDOM_LENGTH,
      maxLength: KEY_RANDOM_LENGTH,
    })
    .map((chars) => {
      const head = prefix + chars.join('');
      return head + keyChecksum(head);
    });

const hex = (code: number, upper: boolean) => {
  const digits = code.toString(16).padStart(2, '0');
  return upper ? digits.toUpperCase() : digits;
};

/** Spellings of a key a client or a proxy may produce, some chosen per character. */
type Spelling = (text: string, mask: boolean[], upper: boolean) => string;
const perChar =
  (encode: (char: string, upper: boolean) => string): Spelling =>
  (text, mask, upper) =>
    [...text].map((char, i) => (mask[i % mask.length] ? encode(char, upper) : char)).join('');
const SPELLINGS: Record<string, Spelling> = {
  raw: (text) => text,
  encodeURIComponent: (text) => encodeURIComponent(text),
  percentSome: perChar((char, upper) => `%${hex(char.charCodeAt(0), upper)}`),
  percentTwice: (text, mask, upper) =>
    perChar((char, u) => `%25${hex(char.charCodeAt(0), u)}`)(text, mask, upper),
  percentThrice: (text, mask, upper) =>
    perChar((char, u) => `%2525${hex(char.charCodeAt(0), u)}`)(text, mask, upper),
  jsonUnicode: perChar(
    (char, upper) =>
      `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`,
  ),
  jsHex: perChar((char, upper) => `\\x${hex(char.charCodeAt(0), upper)}`),
  htmlDecimal: perChar((char) => `&#${char.charCodeAt(0)};`),
  htmlHex: perChar((char, upper) => `&#x${hex(char.charCodeAt(0), upper)};`),
  jsonThenPercent: (text) => encodeURIComponent(JSON.stringify({ token: text })),
  unicodeThenPercent: (text, mask, upper) =>
    encodeURIComponent(SPELLINGS.jsonUnicode!(text, mask, upper)),
};

/** Where a key lands in logged text (the shapes issue 10 names, and any text around it). */
const SHAPES: ((key: string) => string)[] = [
  (key) => `/v1/content/${key}`,
  (key) => `${key}=1`,
  (key) => `next=/cb?k=${key}`,
  (key) => `Bearer%20${key}`,
  (key) => `{"auth":"${key}"}`,
  (key) => `curl/8.5 (${key})`,
  (key) => key,
];

/** Text around a key: anything, including escape introducers and base62 right beside it. */
const noise = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc
    .array(
      fc.constantFrom('%', '\\', '&', '#', ';', 'u', 'x', '2', '5', '_', 'a', 'Z', '9', '?', '='),
      {
        maxLength: 12,
      },
    )
    .map((chars) => chars.join('')),
);

/** An oracle decoder, written apart from the one under test: every spelling, repeatedly. */
function decodeEverything(text: string): string {
  let current = text;
  for (let round = 0; round < 8; round++) {
    const next = current
      .replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
      .replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) =>
        String.fromCharCode(Number.parseInt(h, 16)),
      )
      .replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) =>
        String.fromCharCode(Number.parseInt(h, 16)),
      )
      .replace(/&#[xX]([0-9a-fA-F]{1,6});?/g, (_m, h: string) =>
        String.fromCharCode(Number.parseInt(h, 16)),
      )
      .replace(/&#([0-9]{1,7});?/g, (_m, d: string) => String.fromCharCode(Number(d)));
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The part of a key that must never be seen: everything after its display prefix. */
function hiddenPart(key: string, prefix: string): string {
  return key.slice(prefix.length + DISPLAY_BODY_LENGTH);
}

describe('createKeyRedactor (property)', () => {
  it(`leaves no key readable in any spelling inside any text (${RUNS} cases)`, () => {
    const scenario = fc.constantFrom(...PREFIXES).chain((prefix) =>
      fc.record({
        prefix: fc.constant(prefix),
        keys: fc.array(
          fc.record({
            key: keyOf(prefix),
            spelling: fc.constantFrom(...Object.keys(SPELLINGS)),
            shape: fc.integer({ min: 0, max: SHAPES.length - 1 }),
            mask: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
            upper: fc.boolean(),
            before: noise,
          }),
          { minLength: 1, maxLength: 3 },
        ),
        after: noise,
      }),
    );
    fc.assert(
      fc.property(scenario, ({ prefix, keys, after }) => {
        const text =
          keys
            .map(
              ({ key, spelling, shape, mask, upper, before }) =>
                before + SPELLINGS[spelling]!(SHAPES[shape]!(key), mask, upper),
            )
            .join('') + after;
        const redacted = createKeyRedactor(prefix)(text);
        const decoded = decodeEverything(redacted);
        // Not the key, nor any 12 characters of its secret part, in any decoding.
        const leaked: string[] = [];
        for (const { key } of keys) {
          const hidden = hiddenPart(key, prefix);
          for (let at = 0; at + 12 <= hidden.length; at++) {
            if (decoded.includes(hidden.slice(at, at + 12))) leaked.push(hidden);
          }
        }
        if (leaked.length > 0) expect({ text, redacted, leaked }).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('changes no text that holds no key, whatever it holds (2000 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PREFIXES),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          // Near misses: the prefix and 38 base62 characters with a wrong checksum.
          fc
            .array(fc.constantFrom(...BASE62_ALPHABET), { minLength: 38, maxLength: 38 })
            .map((chars) => `bye_${chars.join('')}`),
        ),
        (prefix, text) => {
          fc.pre(findKeySpans(text, prefix).length === 0);
          expect(createKeyRedactor(prefix)(text)).toBe(text);
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);
});

function percentAll(text: string): string {
  return text.replace(/./g, (c) => `%${c.charCodeAt(0).toString(16)}`);
}

describe('createKeyRedactor', () => {
  const redact = createKeyRedactor('bye_');
  const key = generateKey('bye_');
  const shown = `${key.slice(0, 9)}[REDACTED]`;

  it.each([
    ['in a path', `/v1/content/${key}`, `/v1/content/${shown}`],
    ['as a query name', `${key}=1`, `${shown}=1`],
    ['inside a nested URL', `next=/cb?k=${key}`, `next=/cb?k=${shown}`],
    ['after an encoded space', `Bearer%20${key}`, `Bearer%20${shown}`],
    ['inside a JSON value', `{"k":"${key}"}`, `{"k":"${shown}"}`],
    [
      'percent-encoded whole',
      `x=${percentAll(key)}`,
      // The prefix is no secret and stays as it was written.
      `x=${percentAll('bye_')}${key.slice(4, 9)}[REDACTED]`,
    ],
    ['in a User-Agent', `my-cli/1.0 (${key})`, `my-cli/1.0 (${shown})`],
  ])('redacts a key %s', (_label, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('keeps a mention of the prefix that is no key', () => {
    expect(redact('/v1/docs/bye_prefix-explained?section=keys-and-more-text')).toBe(
      '/v1/docs/bye_prefix-explained?section=keys-and-more-text',
    );
  });

  it('keeps a run that has the shape of a key but a wrong checksum', () => {
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(redact(`/v1/x/${wrong}`)).toBe(`/v1/x/${wrong}`);
  });

  it('returns the very same string for text that cannot hold a key', () => {
    const text = '/v1/content/list/with/a/long/enough/path/to/be/scanned';
    expect(redact(text)).toBe(text);
  });
});
