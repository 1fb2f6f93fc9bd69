import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { Group, RefPage } from '../../../lib/api-types.js';
import { cursorPagedOptions } from '../../../lib/paging.js';
import { groupKeys } from './keys.js';

export const getGroup = (id: string) => api.get<Group>(`/groups/${seg(id)}`);

export const groupQueryOptions = (id: string) => queryOptions({ queryKey: groupKeys.detail(id), queryFn: () => getGroup(id) });

export const useGroup = (id: string) => useQuery(groupQueryOptions(id));

/** Members a page at a time: a group of 100k must not hang the page. */
export const getMembers = (id: string, cursor?: string) => api.get<RefPage>(`/groups/${seg(id)}/members`, { cursor, limit: 50 });

export const membersQueryOptions = (id: string) => cursorPagedOptions(groupKeys.members(id), (cursor) => getMembers(id, cursor));

export const useMembers = (id: string) => useInfiniteQuery(membersQueryOptions(id));
