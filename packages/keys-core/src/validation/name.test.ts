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
    ['right-to-left override', 'a\u202eb'],
    ['first strong isolate', 'a\u2068b'],
  ])('refuses a %s as control_characters', (_label, name) => {
    expect(validateName(name)).toMatchObject({
      ok: false,
      issues: [{ rule: 'control_characters' }],
    });
  });

  it('refuses a lone surrogate as invalid', () => {
    expect(validateName('a\ud800b')).toMatchObject({ ok: false, issues: [{ rule: 'invalid' }] });
  });
});
