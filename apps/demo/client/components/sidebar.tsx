import type { ReactNode } from 'react';
import { ROUTES, type Route } from '../router.js';
import { ActivityIcon, KeyIcon, Logo, LogsIcon } from './icons.js';
import { LimitsNote } from './limits-note.js';

const ICONS: Record<Route, () => ReactNode> = {
  keys: KeyIcon,
  logs: LogsIcon,
  activity: ActivityIcon,
};

/** The console's left navigation: the product mark and one link per page. */
export function Sidebar({ route, onNavigate }: { route: Route; onNavigate: (r: Route) => void }) {
  return (
    <aside className="demo-sidebar">
      <div className="demo-brand">
        <Logo />
        <span>
          BabySea <span className="demo-brand-sub">Keys demo</span>
        </span>
      </div>
      <nav aria-label="Main">
        <ul className="demo-nav">
          {ROUTES.map(({ route: r, path, label }) => {
            const Glyph = ICONS[r];
            return (
              <li key={r}>
                <a
                  href={path}
                  className="demo-nav-link"
                  aria-current={r === route ? 'page' : undefined}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0)
                      return;
                    event.preventDefault();
                    onNavigate(r);
                  }}
                >
                  <Glyph />
                  {label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <p className="demo-sidebar-foot">
        Calls to <code>/v1/*</code> on this origin are guarded by the keys you create here.
        <LimitsNote />
      </p>
    </aside>
  );
}
