/**
 * Property: a one-character change to a generated key (a substitution, an insertion or a
 * deletion anywhere, prefix and checksum included) always fails `parseKey`, for any valid
 * prefix. CRC-32 detects every error burst up to 32 bits, so a single changed ASCII character
 * can never pass; this checks that the parser honours it end to end (prefix, length, alphabet,
 * checksum decoding).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKey, parseKey } from './key.js';

/** Case count of each property (reported in issue 9's closing note). */
const KEY_EDIT_RUNS = 20_000;

const prefixChar = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'.split(''),
);
const prefix = fc.string({ unit: prefixChar, minLength: 1, maxLength: 16 });

/** Any replacement character: base62 neighbours, ASCII punctuation, look-alikes, astral. */
const character = fc.oneof(
  fc.constantFrom(...'aAzZ09_-. O0lI1'.split('')),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  fc.constantFrom('\u0430', '\u041e', '\u00e9', '\u200b', '\u{1f511}', '\u0000'),
);

type Edit =
  | { kind: 'substitute'; at: number; char: string }
  | { kind: 'insert'; at: number; char: string }
  | { kind: 'delete'; at: number };

const edit = fc.oneof(
  fc.record({ kind: fc.constant('substitute' as const), at: fc.nat(), char: character }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), char: character }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

function apply(key: string, change: Edit): string {
  if (change.kind === 'insert') {
    const at = change.at % (key.length + 1);
    return key.slice(0, at) + change.char + key.slice(at);
  }
  const at = change.at % key.length;
  if (change.kind === 'delete') return key.slice(0, at) + key.slice(at + 1);
  return key.slice(0, at) + change.char + key.slice(at + 1);
}

describe('parseKey › one-character changes (property)', () => {
  it(`refuses every single substitution, insertion or deletion (${KEY_EDIT_RUNS} cases)`, () => {
    fc.assert(
      fc.property(prefix, edit, (keyPrefix, change) => {
        const key = generateKey(keyPrefix);
        expect(parseKey(key, keyPrefix)).toEqual({ ok: true });
        const changed = apply(key, change);
        // A substitution by the same character is no change at all.
        fc.pre(changed !== key);
        expect(parseKey(changed, keyPrefix).ok).toBe(false);
      }),
      { numRuns: KEY_EDIT_RUNS },
    );
  }, 120_000);

  it('refuses every substitution at every position of one key, exhaustively over base62', () => {
    const key = generateKey('bye_');
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
    const accepted: string[] = [];
    for (let at = 0; at < key.length; at++) {
      for (const char of alphabet) {
        if (char === key[at]) continue;
        const changed = key.slice(0, at) + char + key.slice(at + 1);
        if (parseKey(changed, 'bye_').ok) accepted.push(changed);
      }
    }
    expect(accepted).toEqual([]);
  });
});
