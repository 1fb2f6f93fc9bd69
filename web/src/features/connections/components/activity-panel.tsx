import { Panel } from '../../../components/page.js';
import { ErrorState, Loading } from '../../../components/states.js';
import type { Activity } from '../../../lib/api-types.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { Link } from '../../../lib/router.js';
import { hrefTo, paths } from '../../../app/paths.js';
import { useActivity } from '../api/get-activity.js';
import { StatusCounts } from './status-counts.js';

/** 24 hourly bars, oldest first; hours without requests are empty. */
export function hourlyBars(hourly: Activity['hourly'], now = Date.now()): { hour: number; requests: number; errors: number }[] {
  const current = Math.floor(now / 3_600_000);
  const byHour = new Map(hourly.map((h) => [Math.floor(new Date(h.hour).getTime() / 3_600_000), h]));
  return Array.from({ length: 24 }, (_, i) => {
    const hour = current - 23 + i;
    const h = byHour.get(hour);
    return { hour, requests: h?.requests ?? 0, errors: h?.errors ?? 0 };
  });
}

export function ActivityPanel({ id, idp }: { id: string; idp: string }) {
  const activity = useActivity(id);
  return (
    <Panel id="activity" title={`Last activity from ${idp}`} description="SCIM requests on this connection's tokens over the last day (Test SCIM's own requests included).">
      {activity.isPending ? <Loading /> : activity.isError ? <ErrorState error={activity.error} retry={() => activity.refetch()} /> : <ActivityBody id={id} a={activity.data} />}
    </Panel>
  );
}

function ActivityBody({ id, a }: { id: string; a: Activity }) {
  if (!a.lastRequestAt) return <p className="muted">No SCIM request yet. Once the IdP is configured, its first requests show up here.</p>;
  const bars = hourlyBars(a.hourly);
  const max = Math.max(1, ...bars.map((b) => b.requests));
  const ok = a.requestsLast24h - a.errorsLast24h;
  return (
    <div className="stack">
      <div className="stat-row">
        <div className="stat">
          <div className="stat-value">{formatRelative(a.lastRequestAt)}</div>
          <div className="stat-label">last request · {formatDateTime(a.lastRequestAt)}</div>
        </div>
        <div className="stat">
          <div className="stat-value">{ok.toLocaleString('en')}</div>
          <div className="stat-label">succeeded (2xx–3xx), last 24 h</div>
        </div>
        <div className="stat">
          <div className="stat-value" style={{ color: a.errorsLast24h ? 'var(--danger)' : undefined }}>
            {a.errorsLast24h.toLocaleString('en')}
          </div>
          <div className="stat-label">failed (4xx–5xx), last 24 h</div>
        </div>
      </div>
      <div className="bars" role="img" aria-label={`Requests per hour over the last 24 hours: ${a.requestsLast24h} in total, ${a.errorsLast24h} failed`}>
        {bars.map((b) => (
          <div key={b.hour} className="bar" style={{ height: `${(b.requests / max) * 100}%` }} title={`${b.requests} requests, ${b.errors} failed`}>
            <div className="bar-ok" style={{ flex: b.requests - b.errors }} />
            <div className="bar-err" style={{ flex: b.errors }} />
          </div>
        ))}
      </div>
      <dl className="facts">
        <dt>By status</dt>
        <dd>
          <StatusCounts byStatus={a.byStatus} />
        </dd>
        <dt>Client</dt>
        <dd>{a.lastUserAgent ?? '—'}</dd>
        <dt>Last error</dt>
        <dd>{a.lastError ? `${formatDateTime(a.lastError.at)} · HTTP ${a.lastError.status ?? '?'} · ${a.lastError.detail ?? ''}` : 'none'}</dd>
      </dl>
      <p>
        <Link to={hrefTo(paths.audit, {}, { connectionId: id, from: new Date(Math.floor(Date.now() / 60_000) * 60_000 - 86_400_000).toISOString() })}>What this connection changed in the last 24 hours →</Link>
      </p>
    </div>
  );
}
