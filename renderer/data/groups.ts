import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConversationSummary, InvokeRequest } from '../../shared/ipc';
import { invoke } from '../bridge/client';
import { applyConversation } from './conversations';
import { queryKeys } from './keys';

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InvokeRequest<'groups.create'>) => invoke('groups.create', request),
    onSuccess: ({ conversation }) => applyConversation(queryClient, conversation),
  });
}

/** The group operations that answer with the group as it now is. */
type GroupChannel =
  | 'groups.update'
  | 'groups.addMembers'
  | 'groups.removeMember'
  | 'groups.setRole'
  | 'groups.transferOwnership'
  | 'groups.muteMember';

export type GroupAction = { [C in GroupChannel]: { channel: C; request: InvokeRequest<C> } }[GroupChannel];

/** One mutation for every member/settings operation of the group panel, so each shows its own error. */
export function useGroupAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: GroupAction) => invoke(action.channel, action.request as never) as Promise<{ conversation: ConversationSummary }>,
    onSuccess: ({ conversation }) => applyConversation(queryClient, conversation),
  });
}

/**
 * Leaving or dissolving: the group stays in the list, read-only (state `left`/`dissolved`), once
 * the core reports it; until then it is marked so at once.
 */
export function useEndMembership() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, conversationId }: { kind: 'leave' | 'dissolve'; conversationId: string }) =>
      invoke(kind === 'leave' ? 'groups.leave' : 'groups.dissolve', { conversationId }),
    onSuccess: (_reply, { kind, conversationId }) => {
      queryClient.setQueryData<ConversationSummary[]>(queryKeys.conversations, (list) =>
        list?.map((c) => (c.id === conversationId ? { ...c, state: kind === 'leave' ? 'left' : 'dissolved' } : c)),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
    },
  });
}
