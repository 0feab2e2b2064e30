import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { subscribe } from '../bridge/client';
import { queryKeys } from './keys';

/** Wires the bridge's events into the query cache for as long as the app is mounted. */
export function useBridgeEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const unsubscribers = [
      subscribe('session.changed', (session) => {
        const previous = queryClient.getQueryData(queryKeys.session);
        queryClient.setQueryData(queryKeys.session, session);
        if (session.state === 'signed-out' && previous !== undefined) {
          // Someone else's data must not flash up after the next sign-in.
          queryClient.removeQueries({ queryKey: queryKeys.conversations });
          queryClient.removeQueries({ queryKey: queryKeys.allMessages });
        }
      }),
      subscribe('connection.changed', (state) => queryClient.setQueryData(queryKeys.connection, state)),
      subscribe('conversations.changed', () => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
      }),
      subscribe('messages.changed', ({ conversationId }) => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.messages(conversationId) });
        // The list's preview and order follow the newest message too.
        void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
      }),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [queryClient]);
}
