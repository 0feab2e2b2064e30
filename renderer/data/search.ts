import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { InvokeRequest } from '../../shared/ipc';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

export const SEARCH_PAGE_SIZE = 20;

type SearchCursor = NonNullable<InvokeRequest<'search.local'>['before']>;

/**
 * Local message search, newest first; more pages with the reply's `nextBefore`. An empty query asks
 * nothing. `conversationId` null searches every conversation.
 */
export function useMessageSearch(query: string, conversationId: string | null) {
  const search = useInfiniteQuery({
    queryKey: queryKeys.messageSearch(query, conversationId),
    enabled: query.length > 0,
    initialPageParam: undefined as SearchCursor | undefined,
    queryFn: ({ pageParam }) =>
      invoke('search.local', {
        query,
        limit: SEARCH_PAGE_SIZE,
        ...(conversationId ? { conversationId } : {}),
        ...(pageParam ? { before: pageParam } : {}),
      }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    // The core answers from its cache: offline (navigator.onLine false) must not pause the query.
    networkMode: 'always',
    // Results are a snapshot for one open panel; reopening it searches again.
    gcTime: 0,
  });
  const results = useMemo(() => search.data?.pages.flatMap((page) => page.results) ?? [], [search.data]);
  return { ...search, results };
}

type ServerCursor = NonNullable<InvokeRequest<'search.server'>['before']>;

/**
 * The server's search over everything the user can see, for history this device never cached.
 * Asked only while connected (`enabled`); local results never wait for it.
 */
export function useServerSearch(query: string, conversationId: string | null, enabled: boolean) {
  const search = useInfiniteQuery({
    queryKey: queryKeys.serverSearch(query, conversationId),
    enabled: enabled && query.length > 0,
    initialPageParam: undefined as ServerCursor | undefined,
    queryFn: ({ pageParam }) =>
      invoke('search.server', {
        query,
        limit: SEARCH_PAGE_SIZE,
        ...(conversationId ? { conversationId } : {}),
        ...(pageParam ? { before: pageParam } : {}),
      }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    networkMode: 'always',
    gcTime: 0,
  });
  const results = useMemo(() => search.data?.pages.flatMap((page) => page.results) ?? [], [search.data]);
  return { ...search, results };
}
