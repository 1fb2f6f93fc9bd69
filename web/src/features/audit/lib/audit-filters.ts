import type { AuditFilters } from '../../../lib/api-types.js';

export const AUDIT_FILTER_KEYS = ['source', 'connectionId', 'tokenId', 'adminId', 'resourceType', 'resourceId', 'action', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

/** `datetime-local` input value (local time) → ISO instant; '' and invalid → undefined. */
export function localToIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A `from`/`to` from the URL as the `datetime-local` input shows it. Links from elsewhere carry
 * ISO instants (the dispatcher's Slack message: `/audit?from=2026-11-30T09:00:02.300Z&to=…`,
 * docs/webhooks.md "Slack"); the input takes local time without a zone, to the second.
 */
export function toInputValue(value: string): string {
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The URL's filter values (as the inputs hold them) → the API's query. */
export function toAuditFilters(values: Record<AuditFilterKey, string>): AuditFilters {
  const f: AuditFilters = {};
  if (values.source) f.source = values.source as AuditFilters['source'];
  for (const k of ['connectionId', 'tokenId', 'adminId', 'resourceType', 'resourceId', 'action'] as const) {
    const v = values[k].trim();
    if (v) f[k] = v;
  }
  const from = localToIso(values.from);
  const to = localToIso(values.to);
  if (from) f.from = from;
  if (to) f.to = to;
  return f;
}
