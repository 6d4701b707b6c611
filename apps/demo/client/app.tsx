import { RoleSwitcher } from './components/role-switcher.js';
import { Sidebar } from './components/sidebar.js';
import { ActivityPage } from './pages/activity-page.js';
import { KeysPage } from './pages/keys-page.js';
import { LogsPage } from './pages/logs-page.js';
import { ROUTES, useRoute } from './router.js';
import { useSession } from './session.js';

/** The console: sidebar, header with the role switcher, and the current page. */
export function App() {
  const [route, navigate] = useRoute();
  const { session, error, switchRole } = useSession();
  const title = ROUTES.find((r) => r.route === route)?.label ?? '';

  return (
    <div className="demo-shell">
      <Sidebar route={route} onNavigate={navigate} />
      <div className="demo-main">
        <header className="demo-header">
          <div className="demo-crumbs">
            <span className="demo-account">Demo Studio</span>
            <span aria-hidden="true">/</span>
            <span>{title}</span>
          </div>
          {session && <RoleSwitcher session={session} onSwitch={(role) => void switchRole(role)} />}
        </header>
        <main className="demo-content">
          {error && (
            <p role="alert" className="demo-alert">
              {error}
            </p>
          )}
          {session && route === 'keys' && <KeysPage role={session.role} />}
          {session && route === 'logs' && <LogsPage />}
          {session && route === 'activity' && <ActivityPage people={session.people} />}
        </main>
      </div>
    </div>
  );
}
