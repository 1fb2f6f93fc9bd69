import { Badge, type Tone } from '../../../components/badge.js';
import type { Activity } from '../../../lib/api-types.js';

/** What an IT admin reads into a SCIM status (RFC 7644 §3.12 lists the error statuses). */
const MEANING: Record<number, string> = {
  200: 'OK',
  201: 'created',
  204: 'deleted',
  304: 'not modified',
  400: 'refused payload',
  401: 'not authenticated',
  403: 'forbidden',
  404: 'not found',
  409: 'conflict (uniqueness)',
  412: 'version mismatch',
  413: 'too large',
  429: 'rate limited',
  500: 'server error',
  503: 'unavailable',
};

export function statusTone(status: number): Tone {
  if (status < 400) return 'success';
  if (status === 404) return 'neutral'; // an IdP's lookup before it creates: routine
  return status >= 500 ? 'danger' : 'warning';
}

/** The last day's requests per HTTP status, as badges: "200 OK · 1,204". */
export function StatusCounts({ byStatus }: { byStatus: Activity['byStatus'] }) {
  if (byStatus.length === 0) return <span className="muted">none in the last 24 h</span>;
  return (
    <ul className="status-counts" data-testid="status-counts" aria-label="Requests by status, last 24 hours">
      {byStatus.map((s) => (
        <li key={s.status}>
          <Badge tone={statusTone(s.status)}>
            <span className="mono">{s.status}</span> {MEANING[s.status] ?? ''} · {s.requests.toLocaleString('en')}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
