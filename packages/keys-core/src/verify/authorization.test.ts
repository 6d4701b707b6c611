import { describe, expect, it } from 'vitest';
import { MAX_AUTHORIZATION_LENGTH, readBearer } from './authorization.js';

describe('readBearer', () => {
  it('returns the token after "Bearer "', () => {
    expect(readBearer('Bearer bye_abc')).toBe('bye_abc');
  });

  it('accepts the scheme in any case', () => {
    expect(readBearer('bEARER bye_abc')).toBe('bye_abc');
  });

  it.each([
    [null, 'missing_header'],
    ['', 'missing_header'],
    ['Basic abc', 'invalid_scheme'],
    ['Bearerbye_abc', 'invalid_scheme'],
    ['Bear', 'invalid_scheme'],
    ['Bearer', 'missing_token'],
    ['Bearer ', 'missing_token'],
    ['Bearer\tbye_abc', 'malformed'],
    [`Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`, 'malformed'],
  ])('given %j › %s', (header, failure) => {
    expect(readBearer(header)).toEqual({ failure });
  });

  it('leaves the rest of the token to parseKey (two spaces keep one in the token)', () => {
    expect(readBearer('Bearer  bye_abc')).toBe(' bye_abc');
  });
});
