/**
 * The management contract (`describeKeysClient` from `@babysea/keys-core/testing`) run against
 * both clients keys-react ships: the HTTP client over the real `createKeysHandler`, and the
 * in-memory client.
 */
import { createKeys, type Role } from '@babysea/keys-core';
import { createKeysHandler, type KeysClient } from '@babysea/keys-core/http';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import { describeKeysClient } from '@babysea/keys-core/testing';
import { createHttpKeysClient } from './http-client.js';
import { createMemoryKeysClient } from './memory-client.js';

describeKeysClient('createHttpKeysClient over createKeysHandler', () => {
  const keys = createKeys({ storage: createMemoryStorage() });
  const handler = createKeysHandler(keys, {
    basePath: '/api',
    resolveActor: (request) => ({
      accountId: 'acct_contract',
      actor: { userId: 'user_contract', role: request.headers.get('x-test-role') as Role },
    }),
  });
  const client = (role: Role) =>
    createHttpKeysClient('https://app.example/api', {
      headers: { 'x-test-role': role },
      fetch: async (input, init) => handler(new Request(input, init)),
    });
  return { owner: client('owner'), member: client('member'), cleanup: () => keys.close() };
});

describeKeysClient('createMemoryKeysClient', () => {
  const client = createMemoryKeysClient();
  // One engine, two roles: the member view switches the role around each call.
  const member = Object.fromEntries(
    Object.keys(client)
      .filter((name) => typeof client[name as keyof KeysClient] === 'function')
      .map((name) => [
        name,
        async (...args: unknown[]) => {
          client.setRole('member');
          try {
            return await (client[name as keyof KeysClient] as (...a: unknown[]) => unknown)(
              ...args,
            );
          } finally {
            client.setRole('owner');
          }
        },
      ]),
  ) as unknown as KeysClient;
  return { owner: client, member };
});
