import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../shared/ipc';
import { invoke } from '../bridge/client';
import { useConversations } from './conversations';
import { queryKeys } from './keys';

/** Badges show at most this; more reads as "99+". */
export const UNREAD_CAP = 99;
export const unreadLabel = (count: number): string => (count > UNREAD_CAP ? `${UNREAD_CAP}+` : String(count));

/**
 * Marks a conversation read up to `seq`. The list is updated before the bridge answers so the
 * badge clears at once; the core's `conversations.changed` then confirms it.
 */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { conversationId: string; seq: number }) => invoke('conversations.markRead', input),
    onMutate: ({ conversationId, seq }) => {
      queryClient.setQueryData<ConversationSummary[]>(queryKeys.conversations, (list) =>
        list?.map((c) =>
          c.id === conversationId && seq > c.readSeq
            ? { ...c, readSeq: Math.min(seq, c.lastSeq), unreadCount: Math.max(0, c.lastSeq - seq) }
            : c,
        ),
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.conversations }),
  });
}

export function totalUnread(conversations: readonly ConversationSummary[] | undefined): number {
  return (conversations ?? []).reduce((sum, c) => sum + (c.unreadCount ?? 0), 0);
}

/** "(3) Magpie" while anything is unread, so the window title and taskbar show it too. */
export function useUnreadWindowTitle(): void {
  const { t } = useTranslation();
  const { data } = useConversations();
  const total = totalUnread(data);
  const name = t('app.name');
  useEffect(() => {
    document.title = total > 0 ? t('app.titleUnread', { count: total, label: unreadLabel(total), name }) : name;
  }, [total, name, t]);
  useEffect(() => () => void (document.title = name), [name]);
}
