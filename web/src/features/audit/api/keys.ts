import type { AuditFilters } from '../../../lib/api-types.js';

/** Every query key of the audit feature comes from here. */
export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, 'list', filters] as const,
  admins: () => [...auditKeys.all, 'admins'] as const,
};
