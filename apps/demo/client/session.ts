import { useCallback, useEffect, useState } from 'react';

/** A role of the demo account. */
export type DemoRole = 'primary-owner' | 'owner' | 'member';

/** Who the dashboard is signed in as (`GET /api/session`). */
export interface DemoSession {
  accountId: string;
  role: DemoRole;
  userId: string;
  name: string;
  email: string;
  /** Every demo user's name by id, to name the actors of the activity feed. */
  people: Record<string, string>;
}

/** The role switcher's choices. */
export const ROLE_OPTIONS: readonly { role: DemoRole; label: string }[] = [
  { role: 'primary-owner', label: 'Primary owner' },
  { role: 'owner', label: 'Owner' },
  { role: 'member', label: 'Member' },
];

async function call(method: 'GET' | 'PUT', body?: unknown): Promise<DemoSession> {
  const response = await fetch('/api/session', {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const payload = (await response.json()) as { data?: DemoSession; error?: { message: string } };
  if (!response.ok || !payload.data) throw new Error(payload.error?.message ?? 'Session failed');
  return payload.data;
}

/** The signed-in demo user and a role switcher backed by the server's cookie. */
export function useSession(): {
  session: DemoSession | null;
  error: string | null;
  switchRole: (role: DemoRole) => Promise<void>;
} {
  const [session, setSession] = useState<DemoSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('GET').then(
      (s) => live && setSession(s),
      (e: unknown) => live && setError(String((e as Error).message ?? e)),
    );
    return () => {
      live = false;
    };
  }, []);
  const switchRole = useCallback(async (role: DemoRole) => {
    setSession(await call('PUT', { role }));
  }, []);
  return { session, error, switchRole };
}
