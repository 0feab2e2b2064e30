import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { InvokeResponse, TimelineMessage } from '../../shared/ipc';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

export const MESSAGE_PAGE_SIZE = 50;

type MessagePage = InvokeResponse<'messages.list'>;
type MessagePages = InfiniteData<MessagePage, number | undefined>;

function oldestSeq(messages: TimelineMessage[]): number | undefined {
  let oldest: number | undefined;
  for (const m of messages) if (m.seq !== null && (oldest === undefined || m.seq < oldest)) oldest = m.seq;
  return oldest;
}

/** Sent messages in `seq` order, then the ones still in the outbox in the order they were written. */
export function compareTimeline(a: TimelineMessage, b: TimelineMessage): number {
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return a.createdAt - b.createdAt;
}

/** Pages arrive newest first; the timeline is oldest first, one entry per client id. */
export function flattenPages(pages: MessagePage[]): TimelineMessage[] {
  const byClientId = new Map<string, TimelineMessage>();
  for (const page of pages) {
    for (const message of page.messages) if (!byClientId.has(message.clientId)) byClientId.set(message.clientId, message);
  }
  return [...byClientId.values()].sort(compareTimeline);
}

/** The newest page first; older pages load with `beforeSeq` as the reader scrolls up. */
export function useMessages(conversationId: string) {
  const query = useInfiniteQuery({
    queryKey: queryKeys.messages(conversationId),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      invoke('messages.list', {
        conversationId,
        limit: MESSAGE_PAGE_SIZE,
        ...(pageParam === undefined ? {} : { beforeSeq: pageParam }),
      }),
    getNextPageParam: (last) => (last.hasMore ? oldestSeq(last.messages) : undefined),
  });
  const messages = useMemo(() => flattenPages(query.data?.pages ?? []), [query.data]);
  return { ...query, messages };
}

function useInvalidateConversation() {
  const queryClient = useQueryClient();
  return (conversationId: string) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.messages(conversationId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
  };
}

export function useSendMessage() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation();
  return useMutation({
    mutationFn: (input: { conversationId: string; text: string }) => invoke('messages.send', input),
    onSuccess: ({ message }) => {
      // Show the queued message at once; the core's `messages.changed` brings its later states.
      queryClient.setQueryData<MessagePages>(queryKeys.messages(message.conversationId), (data) => {
        if (!data || data.pages.length === 0) return data;
        if (data.pages.some((p) => p.messages.some((m) => m.clientId === message.clientId))) return data;
        const [newest, ...older] = data.pages;
        return { ...data, pages: [{ ...newest!, messages: [...newest!.messages, message] }, ...older] };
      });
      invalidate(message.conversationId);
    },
  });
}

export function useRetryMessage() {
  const invalidate = useInvalidateConversation();
  return useMutation({
    mutationFn: (message: TimelineMessage) => invoke('outbox.retry', { clientId: message.clientId }),
    onSettled: (_result, _error, message) => invalidate(message.conversationId),
  });
}

export function useDiscardMessage() {
  const invalidate = useInvalidateConversation();
  return useMutation({
    mutationFn: (message: TimelineMessage) => invoke('outbox.discard', { clientId: message.clientId }),
    onSettled: (_result, _error, message) => invalidate(message.conversationId),
  });
}
