import { describe, expect, it, vi } from 'vitest';
import { testDatabaseUrl } from './test-database.js';

const NOBODY = 'postgres://postgres@127.0.0.1:1/test';

describe('finding the test server', () => {
  it('skips with a line naming KEYS_TEST_DATABASE_URL when the default does not answer', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await testDatabaseUrl({}, NOBODY)).toBeNull();
    expect(warn.mock.calls[0]?.[0]).toMatch(/SKIPPING PostgreSQL tests.*KEYS_TEST_DATABASE_URL/);
  });

  it('fails loudly in CI', async () => {
    await expect(testDatabaseUrl({ CI: 'true' }, NOBODY)).rejects.toThrow(/need a server/);
  });

  it('fails loudly when the variable names a server that does not answer', async () => {
    await expect(testDatabaseUrl({ KEYS_TEST_DATABASE_URL: NOBODY })).rejects.toThrow(
      /KEYS_TEST_DATABASE_URL/,
    );
  });
});
