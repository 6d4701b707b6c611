import { describe, expect, it } from 'vitest';
import { actorFromRequest, createSessionRoutes, roleFromCookieHeader } from './session.js';

describe('the role cookie', () => {
  it('is no session without a cookie', () => {
    expect(roleFromCookieHeader(null)).toBeNull();
  });

  it('reads the role among other cookies', () => {
    expect(roleFromCookieHeader('theme=dark; demo_role=member; x=1')).toBe('member');
  });

  it('is no session with an unknown role', () => {
    expect(roleFromCookieHeader('demo_role=admin')).toBeNull();
  });

  it('is no session with a malformed cookie value, without throwing', () => {
    expect(roleFromCookieHeader('demo_role=%E0%A4%A')).toBeNull();
  });

  it('signs a visitor without a session in as primary owner on GET /session (pretend sign-in)', async () => {
    const response = await createSessionRoutes().request('/');
    expect(response.headers.get('set-cookie')).toMatch(/^demo_role=primary-owner;/);
    expect(((await response.json()) as { data: { role: string } }).data.role).toBe('primary-owner');
  });

  it('gives each role its own user id', () => {
    const ids = ['primary-owner', 'owner', 'member'].map(
      (role) =>
        actorFromRequest(new Request('http://x/', { headers: { cookie: `demo_role=${role}` } }))
          ?.userId,
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('sets the cookie when the switcher picks a role', async () => {
    const response = await createSessionRoutes().request('/', {
      method: 'PUT',
      body: JSON.stringify({ role: 'owner' }),
    });
    expect(response.headers.get('set-cookie')).toMatch(/^demo_role=owner;/);
  });

  it('refuses a role that does not exist with 400', async () => {
    const response = await createSessionRoutes().request('/', {
      method: 'PUT',
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(response.status).toBe(400);
  });
});
