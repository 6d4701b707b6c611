import { describe, expect, it } from 'vitest';
import { isKeysError, type KeysError } from '../errors/keys-error.js';
import { createKeysHandler } from '../http/handler.js';
import { ACCOUNT, OWNER, testEngine } from '../test-support/test-engine.js';
import type { CreateKeyInput } from './keys-api.js';

/** The thrown error, with everything a logger or error tracker would print. */
async function refusal(promise: Promise<unknown>): Promise<{ error: KeysError; text: string }> {
  const error = await promise.then(
    () => expect.unreachable('expected a refusal'),
    (e: unknown) => e,
  );
  if (!isKeysError(error)) throw error;
  const text = [
    error.message,
    String(error),
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(error.issues),
  ].join('\n');
  return { error, text };
}

const FIELDS: [string, (secret: string) => Partial<CreateKeyInput>][] = [
  ['allowlist (text)', (secret) => ({ allowlist: `203.0.113.10, ${secret}` })],
  ['allowlist (list)', (secret) => ({ allowlist: ['203.0.113.10', secret] })],
  ['preset', (secret) => ({ preset: secret })],
  ['scopes', (secret) => ({ preset: undefined, scopes: ['account:read', secret] })],
];

describe('a key pasted into a field never comes back in the refusal', () => {
  it.each(FIELDS)('%s: not in the KeysError’s message, issues or JSON', async (_field, input) => {
    const engine = testEngine();
    const { secret } = await engine.create();
    const { error, text } = await refusal(engine.create(input(secret)));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(9));
    // The display prefix stays, so that a person recognises what they pasted.
    expect(error.message).toContain(`${secret.slice(0, 9)}...`);
  });

  it('with a configured prefix that has no underscore', async () => {
    const engine = testEngine({ prefix: 'babysea' });
    const { secret } = await engine.create();
    const { text } = await refusal(engine.create({ allowlist: secret }));
    expect(text).not.toContain(secret);
    expect(text).toContain(`${secret.slice(0, 12)}...`);
  });

  it('a key pasted where the key id goes is not echoed in NOT_FOUND', async () => {
    const engine = testEngine();
    const { secret } = await engine.create();
    const who = { accountId: ACCOUNT, actor: OWNER };
    for (const call of [
      () => engine.keys.get({ ...who, keyId: secret }),
      () => engine.keys.revoke({ ...who, keyId: secret }),
      () => engine.keys.delete({ ...who, keyId: secret }),
    ]) {
      const { error, text } = await refusal(call());
      expect(error.code).toBe('NOT_FOUND');
      expect(text).not.toContain(secret);
    }
  });

  it.each(FIELDS)('%s: not in the HTTP handler’s error body', async (_field, input) => {
    const engine = testEngine();
    const { secret } = await engine.create();
    const handler = createKeysHandler(engine.keys, {
      resolveActor: () => ({ accountId: ACCOUNT, actor: OWNER }),
    });
    const response = await handler(
      new Request('http://localhost/keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'pasted', preset: 'full-access', ...input(secret) }),
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('BSE2001');
    expect(body).not.toContain(secret);
  });
});
