import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

export function useConnection() {
  return useQuery({ queryKey: queryKeys.connection, queryFn: () => invoke('connection.get', {}) });
}

export function useRetryNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => invoke('connection.retryNow', {}),
    onSuccess: (state) => queryClient.setQueryData(queryKeys.connection, state),
  });
}
