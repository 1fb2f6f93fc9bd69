import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { RefPage, User } from '../../../lib/api-types.js';
import { cursorPagedOptions } from '../../../lib/paging.js';
import { userKeys } from './keys.js';

export const getUser = (id: string) => api.get<User>(`/users/${seg(id)}`);

export const userQueryOptions = (id: string) => queryOptions({ queryKey: userKeys.detail(id), queryFn: () => getUser(id) });

export const useUser = (id: string) => useQuery(userQueryOptions(id));

/** A user's groups, paged (a user may be in thousands). */
export const getUserGroups = (id: string, cursor?: string) => api.get<RefPage>(`/users/${seg(id)}/groups`, { cursor, limit: 25 });

export const userGroupsQueryOptions = (id: string) => cursorPagedOptions(userKeys.groups(id), (cursor) => getUserGroups(id, cursor));

export const useUserGroups = (id: string) => useInfiniteQuery(userGroupsQueryOptions(id));
