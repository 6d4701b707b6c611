import { describe, expect, it } from 'vitest';
import { generateKey } from '../secret/key.js';
import { ACCOUNT, request, verifierFixture } from './test-support.js';

/** Every logged row of the key, as stored, flattened to one text. */
async function storedText(fixture: ReturnType<typeof verifierFixture>, keyId: string) {
  await fixture.verifier.flush();
  const logs = await fixture.storage.listUsageLogs(ACCOUNT, keyId);
  return JSON.stringify(logs);
}

describe('usage logs never hold a key', () => {
  const other = generateKey('bye_');
  const secretPart = other.slice(9);

  it.each([
    ['the path', { path: `/v1/content/${other}` }],
    ['a query name', { path: '/v1/status', query: `${other}=1` }],
    ['a nested URL in the query', { path: '/v1/status', query: `next=/cb?k=${other}` }],
    ['an encoded Bearer in the query', { path: '/v1/status', query: `h=Bearer%20${other}` }],
    [
      'a JSON value in the query, percent-encoded',
      { path: '/v1/status', query: `q=${encodeURIComponent(JSON.stringify({ k: other }))}` },
    ],
    ['the path, with its query still attached', { path: `/v1/status?x=${other}` }],
    ['the User-Agent', { userAgent: `deploy-bot/2 (${other})` }],
  ])('redacts a key sent in %s before the row is stored', async (_label, overrides) => {
    const fixture = verifierFixture();
    const { secret, record } = await fixture.addKey();
    await fixture.verifier.verify(request(secret, overrides));
    const text = await storedText(fixture, record.id);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(secretPart);
  });

  it("redacts the caller's own key when it is echoed in the path", async () => {
    const fixture = verifierFixture();
    const { secret, record } = await fixture.addKey();
    await fixture.verifier.verify(request(secret, { path: `/v1/content/${secret}` }));
    expect(await storedText(fixture, record.id)).not.toContain(secret.slice(9));
  });

  it('stores clean text as it was sent', async () => {
    const fixture = verifierFixture();
    const { secret, record } = await fixture.addKey();
    await fixture.verifier.verify(
      request(secret, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' }),
    );
    await fixture.verifier.flush();
    const [log] = await fixture.storage.listUsageLogs(ACCOUNT, record.id);
    expect(log).toMatchObject({
      endpoint: '/v1/status',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
  });
});
