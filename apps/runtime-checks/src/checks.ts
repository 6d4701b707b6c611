/**
 * What each runtime must do, written once: the engine over memory storage and the fetch guard
 * (for Bun, Deno and workerd), and the isomorphic parts (for Chromium). Each check throws on a
 * wrong answer; `runChecks` reports every check's outcome so a runtime's failure says which.
 */
import {
  compilePolicy,
  createKeys,
  generateKey,
  parseIpAllowlist,
  parseKey,
  validateCreateKeyInput,
} from '@babysea/keys-core';
import { createKeysGuard } from '@babysea/keys-core/http';
import { createMemoryStorage } from '@babysea/keys-core/memory';

/** One check's outcome. */
export interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

type Check = [name: string, run: () => unknown | Promise<unknown>];

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const POLICY = {
  scopes: ['orders:read', 'orders:write'],
  presets: [
    { id: 'reader', label: 'Reader', description: 'Read orders', scopes: ['orders:read'] },
    {
      id: 'admin',
      label: 'Admin',
      description: 'Read and write orders',
      scopes: ['orders:read', 'orders:write'],
    },
  ],
  routes: [{ method: 'GET', path: '/api/orders/{id}', scope: 'orders:read' }],
};

const actor = { userId: 'user_rt', role: 'owner' as const };

async function engineChecks(): Promise<Check[]> {
  const keys = createKeys({ storage: createMemoryStorage(), ...POLICY });
  const reader = await keys.create({ accountId: 'acct_rt', actor, name: 'rt', preset: 'reader' });
  const guard = createKeysGuard(keys, { scope: 'orders:write' });
  const tableGuard = createKeysGuard(keys);
  const request = (path: string, secret?: string) =>
    new Request(`https://api.example${path}`, {
      headers: secret ? { authorization: `Bearer ${secret}` } : {},
    });
  return [
    [
      'engine: create, then verify through the route table',
      async () => {
        const result = await keys.verify({
          authorization: `Bearer ${reader.secret}`,
          ip: '203.0.113.10',
          method: 'GET',
          path: '/api/orders/ord_1',
        });
        expect(result.ok && result.scope === 'orders:read', JSON.stringify(result));
      },
    ],
    [
      'guard: a missing key is 401 with X-Request-Id and the envelope',
      async () => {
        const auth = await tableGuard(request('/api/orders/ord_1'));
        if (auth.ok) throw new Error('admitted without a key');
        expect(auth.response.status === 401, 'not 401');
        const body = (await auth.response.json()) as { request_id: string };
        expect(auth.response.headers.get('x-request-id') === body.request_id, 'request id');
      },
    ],
    [
      'guard: per-route scope refuses a reader 403',
      async () => {
        const auth = await guard(request('/api/orders', reader.secret));
        expect(!auth.ok && auth.response.status === 403, 'not 403');
      },
    ],
    [
      'guard: per-route scope admits an admin key',
      async () => {
        const admin = await keys.create({
          accountId: 'acct_rt',
          actor,
          name: 'a',
          preset: 'admin',
        });
        const auth = await guard(request('/api/orders', admin.secret));
        expect(auth.ok && auth.scope === 'orders:write', 'not admitted');
      },
    ],
    [
      'guard: a revoked key is refused at once',
      async () => {
        const made = await keys.create({ accountId: 'acct_rt', actor, name: 'r', preset: 'admin' });
        await keys.revoke({ accountId: 'acct_rt', actor, keyId: made.key.id });
        const auth = await guard(request('/api/orders', made.secret));
        expect(!auth.ok && auth.response.status === 401, 'revoked key admitted');
      },
    ],
    [
      'guard: an allowlisted key is checked against info.ip',
      async () => {
        const made = await keys.create({
          accountId: 'acct_rt',
          actor,
          name: 'ip',
          preset: 'admin',
          allowlist: ['203.0.113.0/24'],
        });
        const inside = await guard(request('/api/x', made.secret), { ip: '203.0.113.7' });
        const outside = await guard(request('/api/x', made.secret), { ip: '198.51.100.7' });
        expect(inside.ok && !outside.ok, 'allowlist not applied');
      },
    ],
  ];
}

function isomorphicChecks(): Check[] {
  return [
    [
      'key format: generated keys parse; one changed character does not',
      () => {
        const key = generateKey('bye_');
        expect(parseKey(key, 'bye_').ok, 'generated key refused');
        const last = key.at(-1) === 'a' ? 'b' : 'a';
        expect(!parseKey(key.slice(0, -1) + last, 'bye_').ok, 'changed key accepted');
      },
    ],
    [
      'presets: a custom policy compiles and matches its routes',
      () => {
        const policy = compilePolicy(POLICY);
        expect(
          policy.matchRoute('GET', '/api/orders/ord_1')?.rule.scope === 'orders:read',
          'route',
        );
      },
    ],
    [
      'allowlist: parsed and normalised; a bad entry names itself',
      () => {
        const good = parseIpAllowlist('203.0.113.0/24, 2001:db8::1');
        expect(good.ok, 'good allowlist refused');
        const bad = parseIpAllowlist('10.0.0.0/99');
        expect(!bad.ok && bad.issues[0]?.field === 'allowlist', 'bad allowlist accepted');
      },
    ],
    [
      'validation: every issue of a bad create, field by field',
      () => {
        const result = validateCreateKeyInput(
          { name: '', preset: 'nope', allowlist: 'x' },
          { now: Date.now(), policy: compilePolicy(POLICY) },
        );
        const fields = result.ok ? [] : result.issues.map((issue) => issue.field).sort();
        expect(fields.join() === 'allowlist,name,preset', fields.join());
      },
    ],
  ];
}

async function run(checks: Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: String((error as Error)?.stack ?? error) });
    }
  }
  return results;
}

/** Server runtimes: the engine, the guard and the isomorphic parts. */
export async function runServerChecks(): Promise<CheckResult[]> {
  return run([...(await engineChecks()), ...isomorphicChecks()]);
}

/** Browsers: the isomorphic parts only. */
export function runBrowserChecks(): Promise<CheckResult[]> {
  return run(isomorphicChecks());
}
