import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { GroupFilters, GroupPage } from '../../../lib/api-types.js';
import { groupKeys } from './keys.js';

export const getGroups = (filters: GroupFilters, cursor?: string) => api.get<GroupPage>('/groups', { ...filters, cursor, limit: 50 });

export const groupsQueryOptions = (filters: GroupFilters) =>
  infiniteQueryOptions({
    queryKey: groupKeys.list(filters),
    queryFn: ({ pageParam }) => getGroups(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useGroups = (filters: GroupFilters) => useInfiniteQuery(groupsQueryOptions(filters));
