import type { ReactNode } from 'react';
import { Button } from '../components/button.js';
import { Link, navigate, useLocation } from '../lib/router.js';
import { useSession, useSignOut } from '../features/auth/api/session.js';
import { NAV, isActive } from './nav.js';
import { paths } from './paths.js';

export function Shell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const session = useSession();
  const signOut = useSignOut();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar-inner">
        <Link to={paths.scim} className="brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          SCIM admin
        </Link>
        <nav className="nav" aria-label="Console">
          {NAV.filter((s) => s.items.length > 0).map((section) => (
            <div key={section.title}>
              <div className="nav-section-title">{section.title}</div>
              <ul>
                {section.items.map((item) => (
                  <li key={item.to}>
                    <Link to={item.to} aria-current={isActive(item.to, pathname) ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <div className="sidebar-footer">
          <span className="who" data-testid="signed-in-as">
            {session.data?.admin.email}
          </span>
          <Button size="sm" variant="ghost" loading={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSettled: () => navigate(`${paths.signIn}?reason=signed-out`, { replace: true }) })}>
            Sign out
          </Button>
        </div>
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
