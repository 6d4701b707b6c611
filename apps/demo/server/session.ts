/**
 * The demo's pretend sign-in: one account, three people, one per role. The header's role
 * switcher stores the chosen role in a cookie; every management request resolves its actor
 * from it (a real product would use its own session here).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** The only account of the demo. */
export const DEMO_ACCOUNT_ID = 'acct_demo';

/** The cookie holding the chosen role. */
export const ROLE_COOKIE = 'demo_role';

/** A role of PRODUCT.md §1. */
export type DemoRole = 'primary-owner' | 'owner' | 'member';

/** The signed-in person for each role. */
export const DEMO_USERS: Record<DemoRole, { userId: string; name: string; email: string }> = {
  'primary-owner': { userId: 'usr_ada', name: 'Ada Lovelace', email: 'ada@demo.babysea.dev' },
  owner: { userId: 'usr_grace', name: 'Grace Hopper', email: 'grace@demo.babysea.dev' },
  member: { userId: 'usr_alan', name: 'Alan Turing', email: 'alan@demo.babysea.dev' },
};

/** True for one of the three roles. */
export function isDemoRole(value: unknown): value is DemoRole {
  return value === 'primary-owner' || value === 'owner' || value === 'member';
}

/** The role a cookie header says, `primary-owner` when absent or unknown. */
export function roleFromCookieHeader(header: string | null | undefined): DemoRole {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === ROLE_COOKIE) {
      const value = decodeURIComponent(rest.join('='));
      if (isDemoRole(value)) return value;
    }
  }
  return 'primary-owner';
}

/** The actor of a request (what `createKeysHandler`'s `resolveActor` returns). */
export function actorFromRequest(request: Request): { userId: string; role: DemoRole } {
  const role = roleFromCookieHeader(request.headers.get('cookie'));
  return { userId: DEMO_USERS[role].userId, role };
}

const PEOPLE = Object.fromEntries(Object.values(DEMO_USERS).map((u) => [u.userId, u.name]));

function sessionBody(role: DemoRole) {
  return { accountId: DEMO_ACCOUNT_ID, role, ...DEMO_USERS[role], people: PEOPLE };
}

/**
 * `GET /session` → who is signed in; `PUT /session` with `{ role }` → switch role (sets the
 * cookie). Mounted under `/api`, before the keys handler.
 */
export function createSessionRoutes(): Hono {
  const session = new Hono();
  const current = (c: Context) => {
    const value = getCookie(c, ROLE_COOKIE);
    return isDemoRole(value) ? value : 'primary-owner';
  };
  session.get('/', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'success', data: sessionBody(current(c)) });
  });
  session.put('/', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { role?: unknown } | null;
    if (!isDemoRole(body?.role))
      return c.json(
        {
          status: 'error',
          error: {
            code: 'BSE2001',
            type: 'invalid_input',
            message: 'role: one of primary-owner, owner, member',
            retryable: false,
          },
        },
        400,
      );
    setCookie(c, ROLE_COOKIE, body.role, { path: '/', sameSite: 'Lax', httpOnly: true });
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'success', data: sessionBody(body.role) });
  });
  return session;
}
