import { useState } from 'react';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { CopyField } from '../../../components/copy-button.js';
import { PageHeader, Panel } from '../../../components/page.js';
import { EmptyState, ErrorState, Loading } from '../../../components/states.js';
import { pluralize } from '../../../lib/format.js';
import { Link } from '../../../lib/router.js';
import { pathTo, paths } from '../../../app/paths.js';
import { useConnections } from '../api/get-connections.js';
import { KIND_LABELS } from '../lib/idp-setup.js';
import { KindMark } from './kind-mark.js';
import { NewConnectionDialog } from './new-connection-dialog.js';

export function ProvisioningPage() {
  const connections = useConnections();
  const [creating, setCreating] = useState(false);
  const newButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      New connection
    </Button>
  );
  return (
    <>
      <PageHeader
        title="SCIM Provisioning"
        description="Let your identity provider create, update and deactivate users and groups here. Create a connection per IdP, mint its token, paste both into the IdP, and test."
        actions={newButton}
      />
      <Panel title="SCIM base URL" description="Every IdP connection uses this URL; each has its own token.">
        {connections.data ? <CopyField label="Base URL" value={connections.data.scimBaseUrl} testId="scim-base-url" /> : connections.isPending ? <Loading /> : null}
      </Panel>
      <Panel title="Connections">
        {connections.isPending ? (
          <Loading label="Loading connections…" />
        ) : connections.isError ? (
          <ErrorState error={connections.error} retry={() => connections.refetch()} />
        ) : connections.data.items.length === 0 ? (
          <EmptyState title="No IdP connected yet" action={newButton}>
            Create a connection for Okta, Microsoft Entra ID, OneLogin or any SCIM 2.0 client; the console then shows exactly what to paste where.
          </EmptyState>
        ) : (
          <div className="cards">
            {connections.data.items.map((c) => (
              <Link key={c.id} to={pathTo(paths.connection, { id: c.id })} className="card" aria-label={`${c.name} (${KIND_LABELS[c.kind]})`}>
                <span className="card-title">
                  <KindMark kind={c.kind} />
                  <span>
                    {c.name}
                    <span className="cell-sub" style={{ display: 'block', fontWeight: 400 }}>
                      {KIND_LABELS[c.kind]}
                    </span>
                  </span>
                </span>
                <span className="row">
                  {c.activeTokens > 0 ? <Badge tone="success">{pluralize(c.activeTokens, 'active token')}</Badge> : <Badge tone="warning">No active token</Badge>}
                </span>
                <span className="muted small">
                  {pluralize(c.managedUsers, 'user')} · {pluralize(c.managedGroups, 'group')} managed
                </span>
              </Link>
            ))}
          </div>
        )}
      </Panel>
      <NewConnectionDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
