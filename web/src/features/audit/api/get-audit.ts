import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { API_BASE, api, toQueryString } from '../../../lib/api-client.js';
import type { Admin, AuditFilters, AuditPage } from '../../../lib/api-types.js';
import { cursorPagedOptions } from '../../../lib/paging.js';
import { auditKeys } from './keys.js';

export const getAudit = (filters: AuditFilters, cursor?: string) => api.get<AuditPage>('/audit', { ...filters, cursor, limit: 50 });

/** Always refetched on visit: every write anywhere adds rows. */
export const auditQueryOptions = (filters: AuditFilters) => ({ ...cursorPagedOptions(auditKeys.list(filters), (cursor) => getAudit(filters, cursor)), staleTime: 0 });

export const useAudit = (filters: AuditFilters) => useInfiniteQuery(auditQueryOptions(filters));

export const getAdmins = () => api.get<{ items: Admin[] }>('/admins');

export const adminsQueryOptions = () => queryOptions({ queryKey: auditKeys.admins(), queryFn: getAdmins, select: (d) => d.items, staleTime: 300_000 });

export const useAdmins = () => useQuery(adminsQueryOptions());

/** The existing streaming export, as a link (the browser downloads it with the session cookie). */
export function auditExportUrl(filters: AuditFilters, format: 'csv' | 'ndjson'): string {
  return `${API_BASE}/audit/export${toQueryString({ ...filters, format })}`;
}
