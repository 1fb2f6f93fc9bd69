import { Fragment, useState } from 'react';
import { Badge, type Tone } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { SelectField, TextField } from '../../../components/field.js';
import { useListFilters } from '../../../components/list-filters.js';
import { PageHeader } from '../../../components/page.js';
import { Paged } from '../../../components/paged.js';
import { EmptyState } from '../../../components/states.js';
import type { Admin, AuditItem, Connection, Token } from '../../../lib/api-types.js';
import { formatDateTime } from '../../../lib/format.js';
import { Link, navigate, useLocation } from '../../../lib/router.js';
import { pathTo, paths } from '../../../app/paths.js';
import { useConnections } from '../../connections/api/get-connections.js';
import { useAllTokens } from '../../connections/api/get-tokens.js';
import { auditExportUrl, useAdmins, useAudit } from '../api/get-audit.js';
import { AUDIT_FILTER_KEYS, toAuditFilters, toInputValue } from '../lib/audit-filters.js';
import { DiffView } from './diff-view.js';
import { DetailRow, RowToggle, TableHead } from '../../../components/table.js';

const SOURCE_TONE: Record<AuditItem['source'], Tone> = { scim: 'scim', admin: 'info', cli: 'neutral', system: 'neutral' };

interface Lookups {
  connections: Map<string, Connection>;
  tokens: Map<string, Token>;
  admins: Map<string, Admin>;
}

function actorOf(e: AuditItem, l: Lookups): string {
  if (e.source === 'admin') return (e.adminId && l.admins.get(e.adminId)?.email) || 'an admin';
  if (e.source === 'scim') {
    const conn = e.connectionId ? l.connections.get(e.connectionId)?.name : undefined;
    const token = e.tokenId ? l.tokens.get(e.tokenId) : undefined;
    return [conn ?? 'IdP', token ? `token ${token.prefix}…` : null].filter(Boolean).join(' · ');
  }
  return e.source === 'cli' ? 'command line' : 'system';
}

function ResourceLink({ e, l }: { e: AuditItem; l: Lookups }) {
  if (!e.resourceType) return <span className="muted">—</span>;
  const id = e.resourceId ?? '';
  const to =
    e.resourceType === 'User'
      ? pathTo(paths.user, { id })
      : e.resourceType === 'Group'
        ? pathTo(paths.group, { id })
        : e.resourceType === 'Connection'
          ? pathTo(paths.connection, { id })
          : e.resourceType === 'WebhookSubscription'
            ? pathTo(paths.webhook, { id })
            : null;
  const label = e.resourceType === 'Token' ? `${l.tokens.get(id)?.name ?? 'token'} (${l.tokens.get(id)?.prefix ?? id.slice(0, 8)}…)` : e.resourceType === 'Connection' ? (l.connections.get(id)?.name ?? id) : id;
  return (
    <>
      <span className="cell-sub">{e.resourceType}</span>
      <div className="mono" style={{ overflowWrap: 'anywhere' }}>
        {to && id ? <Link to={to}>{label}</Link> : label}
      </div>
    </>
  );
}

export function AuditPage() {
  const location = useLocation();
  const { values, setFilter } = useListFilters([...AUDIT_FILTER_KEYS]);
  const filters = toAuditFilters(values);
  const audit = useAudit(filters);
  const connections = useConnections();
  const tokens = useAllTokens();
  const admins = useAdmins();
  const [openRow, setOpenRow] = useState<string | null>(null);
  const lookups: Lookups = {
    connections: new Map(connections.data?.items.map((c) => [c.id, c]) ?? []),
    tokens: new Map(tokens.data?.map((t) => [t.id, t]) ?? []),
    admins: new Map(admins.data?.map((a) => [a.id, a]) ?? []),
  };
  const filtered = Object.values(values).some(Boolean);
  const text = (key: (typeof AUDIT_FILTER_KEYS)[number]) => ({ value: values[key], onChange: (e: { target: { value: string } }) => setFilter(key, e.target.value) });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, by whom: the IdP through SCIM (which connection and token), an admin here, or the command line."
        actions={
          <>
            <a className="btn btn-secondary" href={auditExportUrl(filters, 'csv')} download>
              Export CSV
            </a>
            <a className="btn btn-secondary" href={auditExportUrl(filters, 'ndjson')} download>
              Export NDJSON
            </a>
          </>
        }
      />
      <form className="filters filters-grid" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Source"
          options={[{ value: '', label: 'All sources' }, { value: 'scim', label: 'SCIM (IdP)' }, { value: 'admin', label: 'Admin console' }, { value: 'cli', label: 'Command line' }, { value: 'system', label: 'System' }]}
          {...text('source')}
        />
        <SelectField label="Connection" options={[{ value: '', label: 'All connections' }, ...(connections.data?.items.map((c) => ({ value: c.id, label: c.name })) ?? [])]} {...text('connectionId')} />
        <SelectField
          label="Token"
          options={[{ value: '', label: 'All tokens' }, ...(tokens.data?.map((t) => ({ value: t.id, label: `${t.connectionName} · ${t.name} (${t.prefix}…)` })) ?? [])]}
          {...text('tokenId')}
        />
        <SelectField label="Actor (admin)" options={[{ value: '', label: 'Anyone' }, ...(admins.data?.map((a) => ({ value: a.id, label: a.email })) ?? [])]} {...text('adminId')} />
        <SelectField
          label="Resource"
          options={[{ value: '', label: 'All resources' }, ...['User', 'Group', 'Connection', 'Token', 'Admin', 'WebhookSubscription'].map((r) => ({ value: r, label: r === 'WebhookSubscription' ? 'Webhook' : r }))]}
          {...text('resourceType')}
        />
        <TextField label="Resource id" placeholder="uuid" {...text('resourceId')} />
        <TextField label="Action" placeholder="user.* or group.updated" {...text('action')} />
        <TextField label="From" type="datetime-local" step={1} {...text('from')} value={toInputValue(values.from)} />
        <TextField label="To" type="datetime-local" step={1} {...text('to')} value={toInputValue(values.to)} />
        {filtered ? (
          <Button variant="ghost" onClick={() => navigate(location.pathname, { replace: true })}>
            Clear filters
          </Button>
        ) : null}
      </form>
      <Paged query={audit} noun="event" empty={<EmptyState title={filtered ? 'No event matches these filters' : 'Nothing has happened yet'}>{filtered ? 'Widen the time range or clear a filter.' : null}</EmptyState>}>
        {(items) => (
          <div className="table-wrap">
            <table className="table" data-testid="audit-table">
              <TableHead columns={['When', 'Actor', 'Action', 'Resource', { hidden: 'Details' }]} />
              <tbody>
                {items.map((e) => (
                  <Fragment key={e.id}>
                    <tr data-testid="audit-row" data-action={e.action}>
                      <td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt)}</td>
                      <td>
                        <Badge tone={SOURCE_TONE[e.source]}>{e.source}</Badge>
                        <div className="cell-sub">{actorOf(e, lookups)}</div>
                      </td>
                      <td className="mono">{e.action}</td>
                      <td>
                        <ResourceLink e={e} l={lookups} />
                      </td>
                      <td className="cell-actions">
                        <RowToggle open={openRow === e.id} controls={`audit-${e.id}`} onToggle={() => setOpenRow(openRow === e.id ? null : e.id)} show="Show changes" hide="Hide changes" />
                      </td>
                    </tr>
                    {openRow === e.id ? (
                      <DetailRow id={`audit-${e.id}`} colSpan={5}>
                        <div className="stack">
                          <DiffView diff={e.diff} />
                          <p className="small muted">
                            Request {e.requestId ?? '—'} · from {e.ip ?? 'unknown address'}
                            {e.userAgent ? ` · ${e.userAgent}` : ''}
                          </p>
                        </div>
                      </DetailRow>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Paged>
    </>
  );
}
