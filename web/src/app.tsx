import { useQuery } from '@tanstack/react-query';

async function fetchHealth(): Promise<{ status: string }> {
  const res = await fetch('/readyz');
  return res.json();
}

/** The admin console shell. Its features (tokens, users, audit, webhooks) arrive with their issues. */
export function App() {
  const health = useQuery({ queryKey: ['readyz'], queryFn: fetchHealth });
  const base = `${window.location.origin}/scim/v2`;
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '3rem auto', lineHeight: 1.5 }}>
      <h1>SCIM provisioning</h1>
      <p>
        Service status: <strong data-testid="status">{health.data?.status ?? (health.isError ? 'unreachable' : '…')}</strong>
      </p>
      <p>
        SCIM base URL for your identity provider: <code>{base}</code>
      </p>
      <p>
        Mint a token with <code>pnpm scim tokens create --name okta --connection okta</code> and paste it into the
        IdP&apos;s provisioning settings.
      </p>
    </main>
  );
}
