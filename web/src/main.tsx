import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/app.js';
import { paths } from './app/paths.js';
import { setSignedOutHandler } from './lib/api-client.js';
import { createQueryClient } from './lib/query-client.js';
import { navigate } from './lib/router.js';
import { sessionKeys } from './features/auth/api/session.js';
import './styles.css';

const queryClient = createQueryClient();

// Any request answered "signed out" sends the admin to sign in, back to this page afterwards.
// The browser drops the cookie when it expires, so a 401 after a session we had is an expiry too.
setSignedOutHandler((reason) => {
  if (window.location.pathname === paths.signIn) return;
  const hadSession = queryClient.getQueryData(sessionKeys.all) !== undefined;
  const here = window.location.pathname + window.location.search;
  queryClient.clear();
  const params = new URLSearchParams({ next: here });
  if (reason === 'session_expired' || hadSession) params.set('reason', 'expired');
  navigate(`${paths.signIn}?${params}`, { replace: true });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
