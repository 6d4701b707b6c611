import { describe, expect, it } from 'vitest';
import { countGraphemes, MAX_NAME_LENGTH, validateName } from './name.js';

describe('countGraphemes', () => {
  it.each([
    ['prod-api-worker', 15],
    ['👩‍👩‍👧‍👦', 1],
    ['🇫🇷', 1],
    ['e\u0301', 1],
    ['日本語', 3],
    ['', 0],
  ])('counts %j as %i', (text, count) => {
    expect(countGraphemes(text)).toBe(count);
  });
});

describe('validateName', () => {
  it.each(['prod-api-worker', 'dev-frontend', 'staging-monitor', 'analytics-reader'])(
    'accepts %s',
    (name) => {
      expect(validateName(name)).toEqual({ ok: true, value: name });
    },
  );

  it('trims surrounding spaces', () => {
    expect(validateName('  prod-api-worker \u00a0')).toEqual({
      ok: true,
      value: 'prod-api-worker',
    });
  });

  it('accepts 100 characters', () => {
    expect(validateName('x'.repeat(MAX_NAME_LENGTH))).toMatchObject({ ok: true });
  });

  it('refuses 101 characters', () => {
    expect(validateName('x'.repeat(101))).toEqual({
      ok: false,
      issues: [{ field: 'name', rule: 'max_length', message: 'name: at most 100 characters' }],
    });
  });

  it('counts an emoji as one character', () => {
    expect(validateName('👩‍👩‍👧‍👦'.repeat(100))).toMatchObject({ ok: true });
  });

  it('refuses 101 emoji', () => {
    expect(validateName('👩‍👩‍👧‍👦'.repeat(101))).toMatchObject({
      ok: false,
      issues: [{ rule: 'max_length' }],
    });
  });

  it('refuses an oversized input without segmenting it', () => {
    expect(validateName('\u0301'.repeat(100_000))).toMatchObject({
      ok: false,
      issues: [{ rule: 'max_length' }],
    });
  });

  it.each([undefined, null, '', '   ', '\u00a0\u2003', 42, {}])(
    'refuses %j as required',
    (input) => {
      expect(validateName(input)).toEqual({
        ok: false,
        issues: [{ field: 'name', rule: 'required', message: 'name: required' }],
      });
    },
  );

  it.each([
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['newline', 'a\nb'],
    ['DEL', 'a\u007fb'],
    ['C1 (NEL)', 'a\u0085b'],
  ])('refuses a %s as control_characters', (_label, name) => {
    expect(validateName(name)).toMatchObject({
      ok: false,
      issues: [{ rule: 'control_characters' }],
    });
  });

  it.each([
    ['right-to-left override', 'a\u202eb'],
    ['left-to-right embedding', 'a\u202ab'],
    ['first strong isolate', 'a\u2068b'],
    ['pop directional isolate', 'a\u2069b'],
    ['right-to-left mark', 'invoice\u200fcod.exe'],
    ['left-to-right mark', '\u200eprod'],
    ['Arabic letter mark', 'prod\u061c'],
  ])('refuses a %s as bidi_controls, with a message naming them', (_label, name) => {
    const result = validateName(name);
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'name', rule: 'bidi_controls' }] });
    expect(result.ok ? '' : result.issues[0]?.message).toMatch(/bidirectional text controls/);
  });

  it.each([
    ['a lone zero-width space', '\u200b'],
    ['a Hangul filler', '\u3164'],
    ['a braille blank', '\u2800'],
    ['zero-width joiners and non-joiners', '\u200d\u200c\u200d'],
    ['a word joiner and a soft hyphen', '\u2060\u00ad'],
    ['a Mongolian vowel separator', '\u180e'],
    ['halfwidth and leading Hangul fillers', '\uffa0\u115f\u1160'],
    ['tag characters', '\u{e0041}\u{e0042}'],
    ['a variation selector and a grapheme joiner', '\ufe0f\u034f'],
    ['blanks mixed with a zero-width space', '\u3164 \u200b \u2800'],
  ])('refuses a name made only of %s as invisible', (_label, name) => {
    const result = validateName(name);
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'name', rule: 'invisible' }] });
    expect(result.ok ? '' : result.issues[0]?.message).toMatch(/visible character/);
  });

  it.each([
    ['an emoji family joined by zero-width joiners', '👩\u200d👩\u200d👧'],
    ['a visible letter beside a zero-width space', 'a\u200b'],
    ['Hangul text', '한국어 키'],
    ['Arabic text', 'مفتاح الإنتاج'],
    ['a heart with a variation selector', '❤\ufe0f'],
  ])('accepts %s', (_label, name) => {
    expect(validateName(name).ok).toBe(true);
  });

  it('refuses a lone surrogate as invalid', () => {
    expect(validateName('a\ud800b')).toMatchObject({ ok: false, issues: [{ rule: 'invalid' }] });
  });
});
