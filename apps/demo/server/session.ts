/**
 * The demo's pretend sign-in: one account, three people, one per role. The header's role
 * switcher stores the chosen role in a cookie; every management request resolves its actor
 * from it (a real product would use its own session here).
 */
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

/** The role a cookie header says, or `null` (no session) when absent or unknown. */
export function roleFromCookieHeader(header: string | null | undefined): DemoRole | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === ROLE_COOKIE) {
      let value: string;
      try {
        value = decodeURIComponent(rest.join('='));
      } catch {
        return null; // a malformed cookie is no session
      }
      if (isDemoRole(value)) return value;
    }
  }
  return null;
}

/** The actor of a request (what `createKeysHandler`'s `resolveActor` returns). */
export function actorFromRequest(request: Request): { userId: string; role: DemoRole } | null {
  const role = roleFromCookieHeader(request.headers.get('cookie'));
  return role === null ? null : { userId: DEMO_USERS[role].userId, role };
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
  const cookie = { path: '/', sameSite: 'Lax', httpOnly: true } as const;
  session.get('/', (c) => {
    c.header('Cache-Control', 'no-store');
    const value = getCookie(c, ROLE_COOKIE);
    if (isDemoRole(value)) return c.json({ status: 'success', data: sessionBody(value) });
    // The pretend sign-in: the dashboard's first call signs a visitor in as the primary owner
    // by setting the cookie. The management API itself never assumes a role: a request
    // without a valid cookie (another site's, a rebinding page's) answers 401.
    setCookie(c, ROLE_COOKIE, 'primary-owner', cookie);
    return c.json({ status: 'success', data: sessionBody('primary-owner') });
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
    setCookie(c, ROLE_COOKIE, body.role, cookie);
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'success', data: sessionBody(body.role) });
  });
  return session;
}
