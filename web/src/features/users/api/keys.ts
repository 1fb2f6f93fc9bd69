import type { UserFilters } from '../../../lib/api-types.js';

/** Every query key of the users feature comes from here. */
export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (filters: UserFilters) => [...userKeys.lists(), filters] as const,
  detail: (id: string) => [...userKeys.all, 'detail', id] as const,
  groups: (id: string) => [...userKeys.all, 'groups', id] as const,
};
