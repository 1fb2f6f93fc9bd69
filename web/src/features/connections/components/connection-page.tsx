import { useState, type FormEvent } from 'react';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { TextField } from '../../../components/field.js';
import { PageHeader, Panel } from '../../../components/page.js';
import { ErrorState, FormError, Loading } from '../../../components/states.js';
import type { MintedToken, Token } from '../../../lib/api-types.js';
import { pluralize } from '../../../lib/format.js';
import { Link } from '../../../lib/router.js';
import { paths } from '../../../app/paths.js';
import { useConnection } from '../api/get-connection.js';
import { useConnections } from '../api/get-connections.js';
import { useTestConnection } from '../api/test-connection.js';
import { KIND_LABELS, setupGuide } from '../lib/idp-setup.js';
import { ActivityPanel } from './activity-panel.js';
import { KindMark } from './kind-mark.js';
import { MintedTokenPanel } from './minted-token.js';
import { SetupSteps } from './setup-steps.js';
import { TestResults } from './test-results.js';
import { TokensPanel } from './tokens-panel.js';

export function ConnectionPage({ id }: { id: string }) {
  const connection = useConnection(id);
  const list = useConnections();
  const test = useTestConnection();
  // The one-time secret lives only here, for as long as the page is open.
  const [minted, setMinted] = useState<{ token: MintedToken; rotatedFrom?: Token } | null>(null);
  const [pasted, setPasted] = useState('');

  if (connection.isPending) return <Loading label="Loading connection…" />;
  if (connection.isError) return <ErrorState title="Could not load this connection" error={connection.error} retry={() => connection.refetch()} />;
  const c = connection.data;
  const baseUrl = list.data?.scimBaseUrl ?? `${window.location.origin}/scim/v2`;
  const idp = setupGuide(c.kind, baseUrl).idp;
  const runTest = (token: string) => test.mutate({ id, token });

  return (
    <>
      <PageHeader
        back={<Link to={paths.scim}>← SCIM Provisioning</Link>}
        title={
          <span className="row" style={{ gap: 12 }}>
            <KindMark kind={c.kind} />
            {c.name}
          </span>
        }
        description={`${KIND_LABELS[c.kind]} · ${pluralize(c.managedUsers, 'user')} and ${pluralize(c.managedGroups, 'group')} managed`}
        actions={c.activeTokens > 0 ? <Badge tone="success">{pluralize(c.activeTokens, 'active token')}</Badge> : <Badge tone="warning">No active token</Badge>}
      />
      {minted ? (
        <MintedTokenPanel
          token={minted.token}
          rotatedFrom={minted.rotatedFrom}
          testing={test.isPending}
          onTest={() => runTest(minted.token.token)}
          onDone={() => setMinted(null)}
        />
      ) : null}
      <TokensPanel connectionId={id} onMinted={(token, rotatedFrom) => (test.reset(), setMinted({ token, rotatedFrom }))} />
      <Panel id="setup" title={`Set up ${idp}`} description="Which value goes in which field of the IdP.">
        <SetupSteps kind={c.kind} baseUrl={baseUrl} token={minted?.token.token} />
      </Panel>
      <Panel id="test" title="Test SCIM" description="Checks from the server what the IdP will hit: the public URL, discovery, the token, the IdP's first lookup and the rate limit.">
        <div className="stack">
          {!minted ? (
            <form
              className="filters"
              style={{ marginBottom: 0 }}
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                runTest(pasted);
              }}
            >
              <TextField className="field-grow" label="Token to test" type="password" autoComplete="off" placeholder="scim_…" value={pasted} onChange={(e) => setPasted(e.target.value)} hint="Tokens are stored hashed: paste the one the IdP has, or mint a new one above." required />
              <Button variant="primary" type="submit" loading={test.isPending}>
                Run test
              </Button>
            </form>
          ) : test.isIdle ? (
            <p className="muted">Run the test with the token you just minted (the button above).</p>
          ) : null}
          {test.isPending ? <Loading label="Testing…" /> : null}
          <FormError error={test.error} />
          {test.data ? <TestResults result={test.data} /> : null}
        </div>
      </Panel>
      <ActivityPanel id={id} idp={idp} />
    </>
  );
}
