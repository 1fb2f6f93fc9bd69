import type { AuditFilters } from '../../../lib/api-types.js';

export const AUDIT_FILTER_KEYS = ['source', 'connectionId', 'tokenId', 'adminId', 'resourceType', 'resourceId', 'action', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

/** `datetime-local` input value (local time) → ISO instant; '' and invalid → undefined. */
export function localToIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
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
