import { Badge } from '../../../components/badge.js';
import { ErrorState, Loading } from '../../../components/states.js';
import type { DeliveryDetail } from '../../../lib/api-types.js';
import { formatDateTime } from '../../../lib/format.js';
import { useDelivery } from '../api/get-deliveries.js';
import { ATTEMPT_OUTCOME } from '../lib/webhook-status.js';
import { TableHead } from '../../../components/table.js';

const TRIGGER = { scheduled: 'scheduled', manual: 'replay', test: 'test' } as const;
const BODY_SHOWN = 600;

/** One delivery opened up: what it covered, every attempt with the receiver's answer, the bytes sent. */
export function DeliveryAttempts({ deliveryId }: { deliveryId: string }) {
  const detail = useDelivery(deliveryId);
  if (detail.isPending) return <Loading label="Loading attempts…" />;
  if (detail.isError) return <ErrorState error={detail.error} retry={() => detail.refetch()} />;
  return <AttemptsBody d={detail.data} />;
}

export function AttemptsBody({ d }: { d: DeliveryDetail }) {
  return (
    <div className="stack" data-testid="delivery-attempts">
      <p className="small muted">
        <span className="mono">webhook-id {d.webhookId}</span>
        {d.eventCount > 0 ? ` · ${d.eventCount.toLocaleString('en')} event${d.eventCount === 1 ? '' : 's'}` : ''}
        {d.firstEventAt ? ` · ${formatDateTime(d.firstEventAt)}${d.lastEventAt && d.lastEventAt !== d.firstEventAt ? ` – ${formatDateTime(d.lastEventAt)}` : ''}` : ''}
        {d.nextAttemptAt && d.status === 'pending' ? ` · next attempt ${formatDateTime(d.nextAttemptAt)}` : ''}
      </p>
      {d.attemptLog.length === 0 ? (
        <p className="muted">{d.status === 'open' ? 'Still collecting events: it is sent when the summary closes.' : 'Not attempted yet.'}</p>
      ) : (
        <table className="diff">
          <TableHead columns={['#', 'Started', 'Answer', 'Latency', 'Outcome']} />
          <tbody>
            {d.attemptLog.map((a) => (
              <tr key={a.attempt} data-testid="delivery-attempt">
                <td>
                  {a.attempt} <span className="muted small">{TRIGGER[a.trigger]}</span>
                </td>
                <td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.startedAt)}</td>
                <td>
                  {a.statusCode ? <span className="mono">HTTP {a.statusCode}</span> : null}
                  {a.error ? <div style={{ color: 'var(--danger)', overflowWrap: 'anywhere' }}>{a.error}</div> : null}
                  {a.responseBody ? (
                    <pre className="response-body" title="the first 4 KB of the answer">
                      {a.responseBody.length > BODY_SHOWN ? `${a.responseBody.slice(0, BODY_SHOWN)}…` : a.responseBody}
                    </pre>
                  ) : null}
                  {!a.statusCode && !a.error ? <span className="muted">in flight</span> : null}
                </td>
                <td className="mono">{a.durationMs != null ? `${a.durationMs} ms` : '—'}</td>
                <td>{a.outcome ? <Badge tone={ATTEMPT_OUTCOME[a.outcome].tone}>{ATTEMPT_OUTCOME[a.outcome].label}</Badge> : <Badge tone="info">sending</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.body ? (
        <details>
          <summary>Body sent ({d.body.length.toLocaleString('en')} bytes)</summary>
          <pre className="response-body">{d.body.length > 4000 ? `${d.body.slice(0, 4000)}…` : d.body}</pre>
        </details>
      ) : null}
    </div>
  );
}
