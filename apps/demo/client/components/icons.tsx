/** Small line icons for the sidebar (24×24, stroke = currentColor). */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="demo-icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

export function KeyIcon() {
  return (
    <Icon>
      <circle cx="7.5" cy="15.5" r="4.5" />
      <path d="m10.7 12.3 9.3-9.3M16 7l3 3M14 9l2 2" />
    </Icon>
  );
}

export function LogsIcon() {
  return (
    <Icon>
      <path d="M4 6h16M4 12h16M4 18h10" />
    </Icon>
  );
}

export function ActivityIcon() {
  return (
    <Icon>
      <path d="M3 12h4l3-8 4 16 3-8h4" />
    </Icon>
  );
}

/** The BabySea-like mark: a seal on a blue tile. */
export function Logo() {
  return (
    <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--demo-accent)" />
      <path
        d="M7 19c2-6 7-9 12-8 3 .6 5 2.6 6 5-1.7-.8-3.3-.9-4.8-.3 1.3 1 2 2.3 2 3.8-2.4-1.6-5.6-2.2-8.7-1.5C11 18.6 9 19.3 7 19z"
        fill="#fff"
      />
      <circle cx="20.5" cy="13.5" r="1.1" fill="var(--demo-accent)" />
    </svg>
  );
}
