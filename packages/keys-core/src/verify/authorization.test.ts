import { describe, expect, it } from 'vitest';
import { MAX_AUTHORIZATION_LENGTH, readBearer } from './authorization.js';

describe('readBearer', () => {
  it('returns the token after "Bearer "', () => {
    expect(readBearer('Bearer bye_abc')).toBe('bye_abc');
  });

  it.each(['bearer bye_abc', 'BEARER bye_abc', 'bEARER bye_abc', 'bearer', 'BEARER '])(
    'refuses %j: only the exact scheme Bearer (PRODUCT.md §5, issue 6) › invalid_scheme',
    (header) => {
      expect(readBearer(header)).toEqual({ failure: 'invalid_scheme' });
    },
  );

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

  it('answers every header as the one-pass reading it replaced (fast path included)', () => {
    // The reading before the hit path was split out, kept here as the reference.
    const reference = (header: string | null | undefined) => {
      if (header === null || header === undefined || header.length === 0) return 'missing_header';
      if (header.length > MAX_AUTHORIZATION_LENGTH) return 'malformed';
      if (header.length < 6 || !header.startsWith('Bearer')) return 'invalid_scheme';
      if (header.length === 6) return 'missing_token';
      if (header[6] === '\t') return 'malformed';
      if (header[6] !== ' ') return 'invalid_scheme';
      if (header.length === 7) return 'missing_token';
      return header.slice(7);
    };
    const parts = ['', 'B', 'Bearer', 'BEARER', 'bearer', 'Bearex', ' ', '  ', '\t', 'x', 'bye_k'];
    const headers: (string | null | undefined)[] = [null, undefined];
    for (const a of parts) for (const b of parts) for (const c of parts) headers.push(a + b + c);
    headers.push(`Bearer ${'k'.repeat(MAX_AUTHORIZATION_LENGTH - 7)}`);
    headers.push(`Bearer ${'k'.repeat(MAX_AUTHORIZATION_LENGTH - 6)}`);
    for (const header of headers) {
      const token = readBearer(header);
      expect(typeof token === 'string' ? token : token.failure, JSON.stringify(header)).toBe(
        reference(header),
      );
    }
  });
});
