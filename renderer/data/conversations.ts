import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ConversationSummary } from '../../shared/ipc';
import type { Conversation } from '../../shared/protocol/entities';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

function lastActivity(conversation: ConversationSummary): number {
  return conversation.lastMessage?.createdAt ?? conversation.createdAt;
}

/** Pinned ones first, then most recently active first (as Slack and WeChat order them). */
export function compareConversations(a: ConversationSummary, b: ConversationSummary): number {
  const pinned = Number(b.settings.pinned) - Number(a.settings.pinned);
  return pinned !== 0 ? pinned : lastActivity(b) - lastActivity(a);
}

export function useConversations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.conversations,
    enabled,
    queryFn: async () => {
      const { conversations } = await invoke('conversations.list', {});
      return [...conversations].sort(compareConversations);
    },
  });
}

export function useConversation(conversationId: string | null): ConversationSummary | null {
  const { data } = useConversations(conversationId !== null);
  return data?.find((c) => c.id === conversationId) ?? null;
}

/**
 * Puts a conversation the bridge just returned (a group action, a settings change) into the list
 * at once, keeping what only the list knows (last message, mention count); the core's
 * `conversations.changed` then brings the rest.
 */
export function applyConversation(queryClient: QueryClient, conversation: Conversation): void {
  queryClient.setQueryData<ConversationSummary[]>(queryKeys.conversations, (list) => {
    if (!list) return list;
    const index = list.findIndex((c) => c.id === conversation.id);
    const next =
      index === -1
        ? [{ ...conversation, lastMessage: null, unreadMentions: 0 }, ...list]
        : list.map((c, i) => (i === index ? { ...c, ...conversation } : c));
    return next.sort(compareConversations);
  });
  void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
}

export function useOpenDirect() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => invoke('conversations.openDirect', { userId }),
    onSuccess: ({ conversation }) => applyConversation(queryClient, conversation),
  });
}

/** The caller's own pin and mute of one conversation; the list shows the change before the reply. */
export function useConversationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { conversationId: string; muted?: boolean; pinned?: boolean }) => invoke('conversations.updateSettings', input),
    onMutate: ({ conversationId, muted, pinned }) => {
      queryClient.setQueryData<ConversationSummary[]>(queryKeys.conversations, (list) =>
        list
          ?.map((c) =>
            c.id === conversationId
              ? { ...c, settings: { muted: muted ?? c.settings.muted, pinned: pinned ?? c.settings.pinned } }
              : c,
          )
          .sort(compareConversations),
      );
    },
    onSuccess: ({ conversation }) => applyConversation(queryClient, conversation),
    onError: () => void queryClient.invalidateQueries({ queryKey: queryKeys.conversations }),
  });
}
