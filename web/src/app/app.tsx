import { Component, useEffect, useRef, type ReactNode } from 'react';
import { Loading, ErrorState, EmptyState } from '../components/states.js';
import { ApiError } from '../lib/api-client.js';
import { Link, navigate, useLocation } from '../lib/router.js';
import { SignInPage } from '../features/auth/components/sign-in-page.js';
import { useSession } from '../features/auth/api/session.js';
import { paths } from './paths.js';
import { resolveRoute } from './routes.js';
import { Shell } from './shell.js';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** A page that throws while rendering shows an error in its own area, not a blank console. */
class PageBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  render() {
    return this.state.error ? <ErrorState title="This page failed to render" error={this.state.error} retry={() => this.setState({ error: null })} /> : this.props.children;
  }
}

function SignedIn() {
  const { pathname } = useLocation();
  const resolved = resolveRoute(pathname);
  const main = useRef(false);
  useEffect(() => {
    document.title = `${resolved?.route.title ?? 'Not found'} · SCIM admin`;
    // After a client-side navigation, move focus to the new page (as a full load would).
    if (main.current) document.getElementById('main')?.focus({ preventScroll: true });
    main.current = true;
  }, [pathname, resolved?.route.title]);
  if (pathname === paths.home) return <Redirect to={paths.scim} />;
  return (
    <Shell>
      <PageBoundary resetKey={pathname}>
        {resolved ? (
          resolved.route.render(resolved.params)
        ) : (
          <EmptyState title="Page not found" action={<Link to={paths.scim}>Go to SCIM Provisioning</Link>}>
            Nothing lives at <code>{pathname}</code>.
          </EmptyState>
        )}
      </PageBoundary>
    </Shell>
  );
}

function SessionGate() {
  const session = useSession();
  const { pathname, search } = useLocation();
  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.isError) {
    if (session.error instanceof ApiError && session.error.status === 401) {
      return <Redirect to={`${paths.signIn}?next=${encodeURIComponent(pathname + search)}`} />;
    }
    return <ErrorState title="The admin API is not answering" error={session.error} retry={() => session.refetch()} />;
  }
  return <SignedIn />;
}

export function App() {
  const { pathname } = useLocation();
  return pathname === paths.signIn ? <SignInPage /> : <SessionGate />;
}
