import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InvokeRequest, SessionState } from '../../shared/ipc';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

export function useSession() {
  return useQuery({ queryKey: queryKeys.session, queryFn: () => invoke('session.get', {}) });
}

/** The signed-in user, or null; for components that only render inside the signed-in layout. */
export function useCurrentUser() {
  const { data } = useSession();
  return data?.state === 'signed-in' ? data.user : null;
}

export type AuthRequest =
  | { mode: 'signIn'; request: InvokeRequest<'session.signIn'> }
  | { mode: 'signUp'; request: InvokeRequest<'session.signUp'> };

export function useAuthenticate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (auth: AuthRequest): Promise<SessionState> =>
      auth.mode === 'signIn' ? invoke('session.signIn', auth.request) : invoke('session.signUp', auth.request),
    onSuccess: (session) => {
      queryClient.setQueryData(queryKeys.session, session);
      void queryClient.invalidateQueries({ queryKey: queryKeys.connection });
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (wipeCache: boolean) => invoke('session.signOut', { wipeCache }),
    onSuccess: (session) => {
      queryClient.removeQueries({ queryKey: queryKeys.conversations });
      queryClient.removeQueries({ queryKey: queryKeys.allMessages });
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}
