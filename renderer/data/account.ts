import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { InvokeRequest, SessionState } from '../../shared/ipc';
import type { User } from '../../shared/protocol/entities';
import { invoke, subscribe } from '../bridge/client';
import { queryKeys } from './keys';

/** The signed-in user changed (here or on another device): the session and every member list follow. */
function applyUser(queryClient: ReturnType<typeof useQueryClient>, user: User): void {
  queryClient.setQueryData<SessionState>(queryKeys.session, (session) =>
    session?.state === 'signed-in' && session.user.id === user.id ? { ...session, user } : session,
  );
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InvokeRequest<'account.updateProfile'>) => invoke('account.updateProfile', request),
    onSuccess: ({ user }) => {
      applyUser(queryClient, user);
      void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InvokeRequest<'account.changePassword'>) => invoke('account.changePassword', request),
    // The server ends every other session.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
  });
}

export function useDeviceSessions() {
  return useQuery({ queryKey: queryKeys.sessions, queryFn: async () => (await invoke('account.sessions', {})).sessions });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => invoke('account.revokeSession', { sessionId }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
  });
}

/** `users.changed`: a profile changed somewhere; names and avatars in lists follow. */
export function useUserEvents(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      subscribe('users.changed', ({ user }) => {
        applyUser(queryClient, user);
        void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
      }),
    [queryClient],
  );
}
