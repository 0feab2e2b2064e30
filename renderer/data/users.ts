import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

/** People matching a (debounced) query; nothing is asked for an empty query. */
export function useUserSearch(query: string) {
  const trimmed = query.trim().slice(0, 64);
  return useQuery({
    queryKey: queryKeys.userSearch(trimmed),
    enabled: trimmed.length > 0,
    // Search results go stale fast: people sign up while the dialog is open.
    staleTime: 10_000,
    placeholderData: keepPreviousData,
    queryFn: async () => (await invoke('users.search', { query: trimmed })).users,
  });
}
