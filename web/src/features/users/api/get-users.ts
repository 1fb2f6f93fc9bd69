import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { UserFilters, UserPage } from '../../../lib/api-types.js';
import { cursorPagedOptions } from '../../../lib/paging.js';
import { userKeys } from './keys.js';

export const getUsers = (filters: UserFilters, cursor?: string) => api.get<UserPage>('/users', { ...filters, cursor, limit: 50 });

export const usersQueryOptions = (filters: UserFilters) => cursorPagedOptions(userKeys.list(filters), (cursor) => getUsers(filters, cursor));

export const useUsers = (filters: UserFilters) => useInfiniteQuery(usersQueryOptions(filters));
