import { describe, expect, it } from 'vitest';
import type { VerifyInput } from './results.js';
import { request, verifierFixture } from './test-support.js';

describe('verify with ill-typed input (JavaScript callers)', () => {
  it.each([
    ['a header list', ['Bearer a', 'Bearer b']],
    ['a number', 42],
    ['an object', { toString: () => 'Bearer x' }],
    ['true', true],
  ])(
    'treats %s as Authorization as a missing header (BSE1001), without throwing',
    async (_name, header) => {
      const { verifier } = verifierFixture();
      const result = await verifier.verify({ ...request(null), authorization: header as never });
      expect(result).toMatchObject({ ok: false, status: 401, reason: 'missing_header' });
    },
  );

  it('refuses a non-string path with a real key without throwing, and admits nothing', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey();
    const result = await verifier.verify(request(secret, { path: 7 }) as unknown as VerifyInput);
    expect(result).toMatchObject({ ok: false, reason: 'unknown_route' });
  });

  it('reads a non-string client IP as no IP: an allowlisted key is refused (fail closed)', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ allowlist: ['203.0.113.10'] });
    const result = await verifier.verify(
      request(secret, { ip: ['203.0.113.10'] }) as unknown as VerifyInput,
    );
    expect(result).toMatchObject({ ok: false, reason: 'invalid_client_ip' });
  });

  it('lets the route table decide when scope is not text (never authenticate-only)', async () => {
    const { verifier, addKey } = verifierFixture();
    const { secret } = await addKey({ scopes: ['health:read'] });
    const result = await verifier.verify(
      request(secret, { path: '/v1/content/list', scope: 42 }) as unknown as VerifyInput,
    );
    expect(result).toMatchObject({ ok: false, reason: 'insufficient_scope' });
  });

  it('refuses a request that is not an object as a missing header', async () => {
    const { verifier } = verifierFixture();
    await expect(verifier.verify(null as never)).resolves.toMatchObject({
      ok: false,
      reason: 'missing_header',
    });
  });
});
