import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConversationSummary } from '../../shared/ipc';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

function lastActivity(conversation: ConversationSummary): number {
  return conversation.lastMessage?.createdAt ?? conversation.createdAt;
}

/** Conversations, most recently active first. */
export function useConversations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.conversations,
    enabled,
    queryFn: async () => {
      const { conversations } = await invoke('conversations.list', {});
      return [...conversations].sort((a, b) => lastActivity(b) - lastActivity(a));
    },
  });
}

export function useConversation(conversationId: string | null): ConversationSummary | null {
  const { data } = useConversations(conversationId !== null);
  return data?.find((c) => c.id === conversationId) ?? null;
}

export function useOpenDirect() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => invoke('conversations.openDirect', { userId }),
    onSuccess: ({ conversation }) => {
      queryClient.setQueryData<ConversationSummary[]>(queryKeys.conversations, (list) =>
        list && !list.some((c) => c.id === conversation.id) ? [{ ...conversation, lastMessage: null }, ...list] : list,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
    },
  });
}
