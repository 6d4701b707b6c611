import { useId } from 'react';
import { type DemoRole, type DemoSession, ROLE_OPTIONS } from '../session.js';

/**
 * The header's role switcher and the signed-in person: switches the demo user between the
 * three roles (the server keeps the choice in a cookie, so the management API sees it too).
 */
export function RoleSwitcher({
  session,
  onSwitch,
}: {
  session: DemoSession;
  onSwitch: (role: DemoRole) => void;
}) {
  const id = useId();
  const initials = session.name
    .split(' ')
    .map((part) => part[0])
    .join('');
  return (
    <div className="demo-role">
      <div className="demo-role-picker">
        <label htmlFor={id} className="demo-role-label">
          Role
        </label>
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
      <div className="demo-person">
        <div className="demo-user" aria-hidden="true">
          {initials}
        </div>
        <div className="demo-person-text">
          <span className="demo-user-name">{session.name}</span>
          <span className="demo-user-email">{session.email}</span>
        </div>
      </div>
    </div>
  );
}
