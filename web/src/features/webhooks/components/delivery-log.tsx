import { Fragment, useState } from 'react';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { SelectField } from '../../../components/field.js';
import { useListFilters } from '../../../components/list-filters.js';
import { Panel } from '../../../components/page.js';
import { Paged } from '../../../components/paged.js';
import { EmptyState, FormError } from '../../../components/states.js';
import type { DeliveryStatus } from '../../../lib/api-types.js';
import { formatDateTime, formatRelative, formatTime } from '../../../lib/format.js';
import { useDeliveries } from '../api/get-deliveries.js';
import { useReplayDelivery } from '../api/webhook-mutations.js';
import { DELIVERY_STATUS, canReplay, deliveryLabel } from '../lib/webhook-status.js';
import { DeliveryAttempts } from './delivery-attempts.js';
import { DetailRow, RowToggle, TableHead } from '../../../components/table.js';

const STATUS_OPTIONS = [
  { value: '', label: 'All deliveries' },
  { value: 'failed', label: 'Dead letters' },
  { value: 'pending', label: 'Pending retry' },
  { value: 'open', label: 'Summaries collecting' },
  { value: 'succeeded', label: 'Delivered' },
];

/** Every delivery of one subscription, newest first; open one to see its attempts; replay a finished one. */
export function DeliveryLog({ subscriptionId, pending, failed }: { subscriptionId: string; pending: number; failed: number }) {
  const { values, setFilter } = useListFilters(['status']);
  const status = (values.status || undefined) as DeliveryStatus | undefined;
  const deliveries = useDeliveries(subscriptionId, status);
  const replay = useReplayDelivery();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Panel
      id="deliveries"
      title="Delivery log"
      description={`Every message sent, with each attempt: the receiver's status, latency, error and the start of its answer. ${pending} pending · ${failed} dead letter${failed === 1 ? '' : 's'}.`}
      actions={<SelectField label="Show" options={STATUS_OPTIONS} value={values.status} onChange={(e) => setFilter('status', e.target.value)} />}
    >
      <FormError error={replay.error} />
      {replay.data?.note ? <p className="notice notice-warning">{replay.data.note}</p> : null}
      <Paged
        query={deliveries}
        noun="message"
        empty={
          <EmptyState title={status ? 'No delivery in this state' : 'Nothing sent yet'}>
            {status ? null : 'Send a test event, or wait for the IdP’s next change: it shows up here within seconds.'}
          </EmptyState>
        }
      >
        {(items) => (
          <div className="table-wrap">
            <table className="table" data-testid="deliveries-table">
              <TableHead columns={['Created', 'Message', 'Status', 'Last answer', { hidden: 'Actions' }]} />
              <tbody>
                {items.map((d) => {
                  const s = DELIVERY_STATUS[d.status];
                  return (
                    <Fragment key={d.id}>
                      <tr data-testid="delivery-row" data-kind={d.kind} data-status={d.status} data-event-type={d.eventType}>
                        <td style={{ whiteSpace: 'nowrap' }} title={formatDateTime(d.createdAt)}>
                          {formatRelative(d.createdAt)}
                        </td>
                        <td>
                          <span className={d.kind === 'single' ? 'mono' : undefined}>{deliveryLabel(d)}</span>
                          {d.kind === 'summary' ? (
                            <div className="cell-sub">
                              <span className="mono">provisioning.summary</span>
                              {d.firstEventAt ? ` · ${formatTime(d.firstEventAt)}${d.lastEventAt && d.lastEventAt !== d.firstEventAt ? `–${formatTime(d.lastEventAt)}` : ''}` : ''}
                            </div>
                          ) : null}
                        </td>
                        <td>
                          <Badge tone={s.tone}>{s.label}</Badge>
                          <div className="cell-sub">
                            {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
                            {d.status === 'pending' && d.nextAttemptAt ? ` · next ${formatRelative(d.nextAttemptAt)}` : ''}
                          </div>
                        </td>
                        <td>
                          {d.lastStatusCode ? <span className="mono">HTTP {d.lastStatusCode}</span> : null}
                          {d.lastError ? <div className="cell-sub" style={{ overflowWrap: 'anywhere' }}>{d.lastError}</div> : null}
                          {!d.lastStatusCode && !d.lastError ? <span className="muted">—</span> : null}
                        </td>
                        <td className="cell-actions">
                          <RowToggle open={open === d.id} controls={`delivery-${d.id}`} onToggle={() => setOpen(open === d.id ? null : d.id)} show="Attempts" hide="Hide attempts" />
                          {canReplay(d) ? (
                            <Button size="sm" loading={replay.isPending && replay.variables === d.id} onClick={() => replay.mutate(d.id)} title="Send it once more, with the same webhook-id">
                              Replay
                            </Button>
                          ) : null}
                        </td>
                      </tr>
                      {open === d.id ? (
                        <DetailRow id={`delivery-${d.id}`} colSpan={5}>
                          <DeliveryAttempts deliveryId={d.id} />
                        </DetailRow>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Paged>
    </Panel>
  );
}
