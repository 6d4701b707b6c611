import { describe, expect, it } from 'vitest';
import { createQuerySanitizer, MAX_LOGGED_QUERY_LENGTH, sanitizeQuery } from './query.js';

describe('sanitizeQuery', () => {
  it('keeps an ordinary query as sent', () => {
    expect(sanitizeQuery('page=2&model=bfl%2Fflux', 'bye_')).toBe('page=2&model=bfl%2Fflux');
  });

  it('drops the leading ?', () => {
    expect(sanitizeQuery('?page=2', 'bye_')).toBe('page=2');
  });

  it.each([
    'key',
    'token',
    'access_token',
    'secret',
    'client_secret',
    'password',
    'api_key',
    'api-key',
    'apiKey',
    'Authorization',
    'signature',
    'X-Amz-Signature',
    'sig',
    'api%5Fkey',
  ])('redacts the value of %s', (name) => {
    expect(sanitizeQuery(`${name}=hunter2&page=1`, 'bye_')).toBe(`${name}=[REDACTED]&page=1`);
  });

  it('redacts a value that looks like one of our keys, whatever its name', () => {
    expect(sanitizeQuery('q=bye_a1B2c3', 'bye_')).toBe('q=[REDACTED]');
  });

  it('redacts a bare key pasted as the query', () => {
    expect(sanitizeQuery('bye_a1B2c3', 'bye_')).toBe('[REDACTED]');
  });

  it('caps the result', () => {
    const result = sanitizeQuery(`q=${'a'.repeat(5000)}`, 'bye_');
    expect(result).toHaveLength(MAX_LOGGED_QUERY_LENGTH);
    expect(result.endsWith('…')).toBe(true);
  });

  it('returns an empty string for no query', () => {
    expect(sanitizeQuery(undefined, 'bye_')).toBe('');
  });
});

describe('createQuerySanitizer', () => {
  it('returns a harmless query as it is', () => {
    expect(createQuerySanitizer('bye_')('?page=2&model=flux')).toBe('page=2&model=flux');
  });

  it.each(['api_key=abc', 'Token=abc', 'q=bye_abc', 'api%5Fkey=abc', 'x-amz-signature=abc'])(
    'agrees with sanitizeQuery on %s',
    (query) => {
      expect(createQuerySanitizer('bye_')(query)).toBe(sanitizeQuery(query, 'bye_'));
    },
  );
});
