import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { UserFilters, UserPage } from '../../../lib/api-types.js';
import { userKeys } from './keys.js';

export const PAGE_SIZE = 50;

export const getUsers = (filters: UserFilters, cursor?: string) => api.get<UserPage>('/users', { ...filters, cursor, limit: PAGE_SIZE });

export const usersQueryOptions = (filters: UserFilters) =>
  infiniteQueryOptions({
    queryKey: userKeys.list(filters),
    queryFn: ({ pageParam }) => getUsers(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useUsers = (filters: UserFilters) => useInfiniteQuery(usersQueryOptions(filters));
