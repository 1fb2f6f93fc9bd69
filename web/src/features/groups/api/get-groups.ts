import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { GroupFilters, GroupPage } from '../../../lib/api-types.js';
import { cursorPagedOptions } from '../../../lib/paging.js';
import { groupKeys } from './keys.js';

export const getGroups = (filters: GroupFilters, cursor?: string) => api.get<GroupPage>('/groups', { ...filters, cursor, limit: 50 });

export const groupsQueryOptions = (filters: GroupFilters) => cursorPagedOptions(groupKeys.list(filters), (cursor) => getGroups(filters, cursor));

export const useGroups = (filters: GroupFilters) => useInfiniteQuery(groupsQueryOptions(filters));
