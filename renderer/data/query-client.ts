import { QueryClient } from '@tanstack/react-query';

/**
 * The data comes from the local core, not the network: the core already retries and caches, so
 * react-query neither retries nor refetches on focus; bridge events say when data is stale.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: Infinity },
      mutations: { retry: false },
    },
  });
}
