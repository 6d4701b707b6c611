import { useId } from 'react';
import { type DemoRole, type DemoSession, ROLE_OPTIONS } from '../session.js';

/**
 * The header's "view as" control: switches the signed-in demo user between the three roles
 * (the server keeps the choice in a cookie, so the management API sees it too).
 */
export function RoleSwitcher({
  session,
  onSwitch,
}: {
  session: DemoSession;
  onSwitch: (role: DemoRole) => void;
}) {
  const id = useId();
  return (
    <div className="demo-role">
      <div className="demo-user" aria-hidden="true">
        {session.name
          .split(' ')
          .map((part) => part[0])
          .join('')}
      </div>
      <div className="demo-role-text">
        <span className="demo-user-name">{session.name}</span>
        <label htmlFor={id} className="demo-role-label">
          Role
        </label>
      </div>
      <select
        id={id}
        className="demo-select"
        value={session.role}
        onChange={(event) => onSwitch(event.target.value as DemoRole)}
      >
        {ROLE_OPTIONS.map(({ role, label }) => (
          <option key={role} value={role}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
