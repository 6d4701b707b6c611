import { useCallback, useEffect, useState } from 'react';

/** The dashboard's pages. */
export type Route = 'keys' | 'logs' | 'activity';

/** Sidebar entries, in order, with the path each page lives at. */
export const ROUTES: readonly { route: Route; path: string; label: string }[] = [
  { route: 'keys', path: '/', label: 'API keys' },
  { route: 'logs', path: '/logs', label: 'Logs' },
  { route: 'activity', path: '/activity', label: 'Activity' },
];

function routeOf(pathname: string): Route {
  const clean = pathname.replace(/\/+$/, '') || '/';
  return ROUTES.find((r) => r.path === clean)?.route ?? 'keys';
}

/** The current page from `location.pathname`, and a `navigate` that pushes history. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route) => {
    const path = ROUTES.find((r) => r.route === next)?.path ?? '/';
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setRoute(next);
  }, []);
  return [route, navigate];
}
