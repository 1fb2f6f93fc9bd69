import type { ReactNode } from 'react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { CursorPage } from '../lib/paging.js';
import { LoadMore } from './page.js';
import { ErrorState, Loading } from './states.js';

/** A cursor-paged list's states: loading, error (with retry), empty, the rows and "Load more". */
export function Paged<T>({
  query,
  noun,
  empty,
  children,
}: {
  query: UseInfiniteQueryResult<InfiniteData<CursorPage<T>>>;
  noun: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <Loading label={`Loading ${noun}s…`} />;
  if (query.isError) return <ErrorState error={query.error} retry={() => query.refetch()} />;
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <>{empty}</>;
  return (
    <>
      {children(items)}
      <LoadMore noun={noun} shown={items.length} hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onMore={() => query.fetchNextPage()} />
    </>
  );
}
