import { infiniteQueryOptions, type QueryKey } from '@tanstack/react-query';

/** A page of a keyset-paged admin list: pass `nextCursor` back for the next one. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** infiniteQueryOptions for a cursor-paged list (users, groups, members, audit…). */
export function cursorPagedOptions<P extends CursorPage<unknown>, K extends QueryKey>(queryKey: K, fetchPage: (cursor?: string) => Promise<P>) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: P) => last.nextCursor ?? undefined,
  });
}
