import { useEffect, useState } from 'react';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { Dialog } from '../../../components/dialog.js';
import { PageHeader, Panel } from '../../../components/page.js';
import { SecretOnce } from '../../../components/secret-once.js';
import { EmptyState, ErrorState, Loading } from '../../../components/states.js';
import type { CreatedWebhook, Webhook } from '../../../lib/api-types.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { Link } from '../../../lib/router.js';
import { pathTo, paths } from '../../../app/paths.js';
import { useConnections } from '../../connections/api/get-connections.js';
import { useEventTypes, useWebhooks } from '../api/get-webhooks.js';
import { useCreateWebhook } from '../api/webhook-mutations.js';
import { createWebhookPayload } from '../lib/subscription-form.js';
import { subscriptionStatus } from '../lib/webhook-status.js';
import { SubscriptionForm } from './subscription-form.js';
import { TableHead } from '../../../components/table.js';

export const KIND_LABEL = { hmac: 'Signed HTTPS', slack: 'Slack' } as const;

function AddDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CreatedWebhook) => void }) {
  const create = useCreateWebhook();
  const types = useEventTypes();
  const connections = useConnections();
  // A refusal from the last time the dialog was open is not news the next time.
  const { reset } = create;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  return (
    <Dialog open={open} onClose={onClose} title="Add a webhook subscription">
      {types.isError ? <ErrorState error={types.error} retry={() => types.refetch()} /> : null}
      <SubscriptionForm
        eventTypes={types.data?.eventTypes ?? []}
        examples={types.data?.examples ?? ['*', 'user.*']}
        connections={connections.data?.items ?? []}
        pending={create.isPending}
        error={create.error}
        onCancel={onClose}
        onSubmit={(v) => create.mutate(createWebhookPayload(v), { onSuccess: (c) => (onCreated(c), onClose()) })}
      />
    </Dialog>
  );
}

function StatusCell({ w }: { w: Webhook }) {
  const s = subscriptionStatus(w);
  return (
    <>
      <Badge tone={s.tone} title={s.detail}>
        {s.label}
      </Badge>
      {s.detail && !w.enabled ? <div className="cell-sub">{s.detail}</div> : null}
    </>
  );
}

export function WebhooksPage() {
  const webhooks = useWebhooks();
  const [adding, setAdding] = useState(false);
  // The signing secret lives only here, for as long as the page is open.
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const add = (
    <Button variant="primary" onClick={() => setAdding(true)}>
      Add subscription
    </Button>
  );
  return (
    <>
      <PageHeader
        title="System Webhooks"
        description="Mirror provisioning into the places you watch: a Slack channel, or your own HTTPS endpoint signed per Standard Webhooks. Routine changes arrive one by one; a big push arrives as a few summaries."
        actions={add}
      />
      {created?.secret ? (
        <SecretOnce
          label="Signing secret"
          title="Subscription added. This is its signing secret."
          value={created.secret}
          testId="webhook-secret"
          onDone={() => setCreated(null)}
        >
          Your receiver verifies each request’s <code>webhook-signature</code> with it (docs/webhooks.md has a receiver in a dozen lines). It is stored encrypted and
          never shown again; rotate it on <Link to={pathTo(paths.webhook, { id: created.subscription.id })}>the subscription’s page</Link> if it is lost.
        </SecretOnce>
      ) : created ? (
        <p className="notice notice-success" role="status" style={{ marginBottom: 18 }}>
          Slack subscription added. <Link to={pathTo(paths.webhook, { id: created.subscription.id })}>Send it a test message</Link> to check the channel.
        </p>
      ) : null}
      <Panel title="Subscriptions">
        {webhooks.isPending ? (
          <Loading label="Loading subscriptions…" />
        ) : webhooks.isError ? (
          <ErrorState error={webhooks.error} retry={() => webhooks.refetch()} />
        ) : webhooks.data.length === 0 ? (
          <EmptyState title="No webhook yet" action={add}>
            Add a Slack channel or an HTTPS endpoint to hear about every user and group the IdP provisions.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="webhooks-table">
              <TableHead columns={['Subscription', 'Events', 'Connection', 'Status', 'Deliveries']} />
              <tbody>
                {webhooks.data.map((w) => (
                  <tr key={w.id} data-testid="webhook-row">
                    <td>
                      <Link to={pathTo(paths.webhook, { id: w.id })}>{w.description || w.url}</Link>
                      <div className="cell-sub">
                        <Badge tone={w.kind === 'slack' ? 'info' : 'neutral'}>{KIND_LABEL[w.kind]}</Badge>{' '}
                        <span className="mono" style={{ overflowWrap: 'anywhere' }}>
                          {w.url}
                        </span>
                      </div>
                    </td>
                    <td className="mono">{w.events.join(', ')}</td>
                    <td>{w.connectionName ?? <span className="muted">All</span>}</td>
                    <td>
                      <StatusCell w={w} />
                    </td>
                    <td>
                      {w.lastSuccessAt ? <span title={formatDateTime(w.lastSuccessAt)}>last delivered {formatRelative(w.lastSuccessAt)}</span> : <span className="muted">nothing delivered yet</span>}
                      <div className="cell-sub">
                        {w.pendingDeliveries} pending
                        {w.failedDeliveries ? (
                          <>
                            {' · '}
                            <span style={{ color: 'var(--danger)' }}>{w.failedDeliveries} dead letter{w.failedDeliveries === 1 ? '' : 's'}</span>
                          </>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <AddDialog open={adding} onClose={() => setAdding(false)} onCreated={setCreated} />
    </>
  );
}
