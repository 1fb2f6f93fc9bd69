import { useState } from 'react';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { ConfirmDialog, Dialog } from '../../../components/dialog.js';
import { SelectField } from '../../../components/field.js';
import { PageHeader, Panel } from '../../../components/page.js';
import { SecretOnce } from '../../../components/secret-once.js';
import { ErrorState, FormError, Loading } from '../../../components/states.js';
import type { RotatedWebhook, Webhook, WebhookTestResult } from '../../../lib/api-types.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { Link, navigate } from '../../../lib/router.js';
import { hrefTo, paths } from '../../../app/paths.js';
import { useWebhook } from '../api/get-webhooks.js';
import { useRemoveWebhook, useRotateSecret, useTestWebhook, useUpdateWebhook } from '../api/webhook-mutations.js';
import { subscriptionStatus } from '../lib/webhook-status.js';
import { DeliveryLog } from './delivery-log.js';
import { KIND_LABEL } from './webhooks-page.js';

const OVERLAP = [
  { value: '24', label: '24 hours' },
  { value: '1', label: '1 hour' },
  { value: '72', label: '3 days' },
  { value: '168', label: '7 days' },
  { value: '0', label: 'None — the old secret stops now' },
];

function RotateDialog({ w, open, onClose, onRotated }: { w: Webhook; open: boolean; onClose: () => void; onRotated: (r: RotatedWebhook) => void }) {
  const rotate = useRotateSecret();
  const [overlap, setOverlap] = useState('24');
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Rotate the signing secret"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={rotate.isPending} onClick={() => rotate.mutate({ id: w.id, overlapHours: Number(overlap) }, { onSuccess: (r) => (onRotated(r), onClose()) })}>
            Rotate secret
          </Button>
        </>
      }
    >
      <p>A new secret signs every request from now on. During the overlap the old one signs too (two signatures, new first), so the receiver can switch without missing a request.</p>
      <SelectField label="Overlap" options={OVERLAP} value={overlap} onChange={(e) => setOverlap(e.target.value)} />
      <FormError error={rotate.error} />
    </Dialog>
  );
}

function TestOutcome({ r }: { r: WebhookTestResult }) {
  const a = r.delivery.attemptLog.at(-1);
  return (
    <p className={`notice ${r.ok ? 'notice-success' : 'notice-warning'}`} role="status" data-testid="webhook-test-result" style={{ marginBottom: 18 }}>
      {r.ok ? 'Test event delivered: ' : 'Test event not accepted: '}
      {a?.statusCode ? `the receiver answered HTTP ${a.statusCode}` : (a?.error ?? r.delivery.lastError ?? 'no answer')}
      {a?.durationMs != null ? ` in ${a.durationMs} ms` : ''}.
    </p>
  );
}

export function WebhookPage({ id }: { id: string }) {
  const webhook = useWebhook(id);
  const update = useUpdateWebhook();
  const remove = useRemoveWebhook();
  const test = useTestWebhook();
  const [rotating, setRotating] = useState(false);
  const [removing, setRemoving] = useState(false);
  // The new signing secret lives only here, for as long as the page is open.
  const [rotated, setRotated] = useState<RotatedWebhook | null>(null);

  if (webhook.isPending) return <Loading label="Loading subscription…" />;
  if (webhook.isError) return <ErrorState title="Could not load this subscription" error={webhook.error} retry={() => webhook.refetch()} />;
  const w = webhook.data;
  const status = subscriptionStatus(w);
  return (
    <>
      <PageHeader
        back={<Link to={paths.webhooks}>← System Webhooks</Link>}
        title={w.description || KIND_LABEL[w.kind]}
        description={
          <span className="mono" style={{ overflowWrap: 'anywhere' }}>
            {w.url}
          </span>
        }
        actions={
          <div className="row" data-testid="webhook-actions">
            <Button variant="primary" loading={test.isPending} onClick={() => test.mutate(w.id)}>
              Send test event
            </Button>
            {w.kind === 'hmac' ? <Button onClick={() => setRotating(true)}>Rotate secret</Button> : null}
            <Button loading={update.isPending} onClick={() => update.mutate({ id: w.id, enabled: !w.enabled })}>
              {w.enabled ? 'Disable' : 'Enable'}
            </Button>
            <Button variant="danger" onClick={() => (remove.reset(), setRemoving(true))}>
              Remove
            </Button>
          </div>
        }
      />
      <FormError error={update.error ?? test.error} />
      {test.data ? <TestOutcome r={test.data} /> : null}
      {rotated ? (
        <SecretOnce
          label="Signing secret"
          title="Secret rotated. This is the new signing secret."
          value={rotated.secret}
          testId="webhook-secret"
          onDone={() => setRotated(null)}
        >
          {rotated.subscription.previousSecretExpiresAt
            ? `The old secret keeps signing too until ${formatDateTime(rotated.subscription.previousSecretExpiresAt)}: deploy the new one to the receiver before then.`
            : 'The old secret no longer signs: deploy the new one to the receiver now.'}
        </SecretOnce>
      ) : null}
      <Panel id="subscription" title="Subscription">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <Badge tone={status.tone}>{status.label}</Badge> {status.detail ? <span className="muted">{status.detail}</span> : null}
            {w.failingSince ? <span className="muted"> · since {formatDateTime(w.failingSince)}</span> : null}
          </dd>
          <dt>Sends to</dt>
          <dd>{KIND_LABEL[w.kind]}</dd>
          <dt>Events</dt>
          <dd className="mono">{w.events.join(', ')}</dd>
          <dt>Connection</dt>
          <dd>{w.connectionName ?? 'All connections'}</dd>
          {w.kind === 'hmac' ? (
            <>
              <dt>Signing secret</dt>
              <dd>{w.previousSecretExpiresAt ? `rotated; the previous one signs too until ${formatDateTime(w.previousSecretExpiresAt)}` : 'set (shown only when created or rotated)'}</dd>
            </>
          ) : null}
          <dt>Last delivered</dt>
          <dd>{w.lastSuccessAt ? `${formatRelative(w.lastSuccessAt)} · ${formatDateTime(w.lastSuccessAt)}` : 'never'}</dd>
          <dt>Last failure</dt>
          <dd>{w.lastFailureAt ? `${formatRelative(w.lastFailureAt)} · ${formatDateTime(w.lastFailureAt)}` : 'none'}</dd>
          <dt>Created</dt>
          <dd>
            {formatDateTime(w.createdAt)} · <Link to={hrefTo(paths.audit, {}, { resourceId: w.id })}>changes in the audit log</Link>
          </dd>
        </dl>
      </Panel>
      <DeliveryLog subscriptionId={w.id} pending={w.pendingDeliveries} failed={w.failedDeliveries} />
      <RotateDialog w={w} open={rotating} onClose={() => setRotating(false)} onRotated={setRotated} />
      <ConfirmDialog
        open={removing}
        title="Remove this subscription?"
        confirmLabel="Remove subscription"
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(false)}
        onConfirm={() => remove.mutate(w.id, { onSuccess: () => navigate(paths.webhooks, { replace: true }) })}
      >
        <p>
          Nothing more is sent to <code>{w.url}</code>, and its delivery log goes with it ({w.pendingDeliveries} pending, {w.failedDeliveries} dead letters). To pause it
          instead, disable it.
        </p>
      </ConfirmDialog>
    </>
  );
}
