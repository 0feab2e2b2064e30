import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { InvokeRequest, InvokeResponse, TimelineMessage } from '../../shared/ipc';
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

export type SendInput = InvokeRequest<'messages.send'>;

export function useSendMessage() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation();
  return useMutation({
    mutationFn: (input: SendInput) => invoke('messages.send', input),
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

/** Puts the core's answer in place of the loaded copy at once (an edit, a recall, a reaction). */
function replaceMessage(data: MessagePages | undefined, message: TimelineMessage): MessagePages | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, messages: page.messages.map((m) => (m.clientId === message.clientId ? message : m)) })),
  };
}

function removeMessage(data: MessagePages | undefined, messageId: string): MessagePages | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, messages: page.messages.filter((m) => m.id !== messageId) })) };
}

/** A mutation on one sent message whose reply is the message as it now is. */
function useMessageChange<C extends 'messages.edit' | 'messages.recall' | 'messages.react'>(channel: C) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation();
  return useMutation({
    mutationFn: (input: InvokeRequest<C>) => invoke(channel, input) as Promise<{ message: TimelineMessage }>,
    onSuccess: ({ message }) => {
      queryClient.setQueryData<MessagePages>(queryKeys.messages(message.conversationId), (data) => replaceMessage(data, message));
      invalidate(message.conversationId);
    },
  });
}

export const useEditMessage = () => useMessageChange('messages.edit');

/**
 * React and recall without a mutation observer per row (a long list mounts hundreds of rows):
 * plain calls that put the answer in the cache, for the message toolbar.
 */
export function useMessageOps() {
  const queryClient = useQueryClient();
  return useMemo(() => {
    const apply = ({ message }: { message: TimelineMessage }) => {
      queryClient.setQueryData<MessagePages>(queryKeys.messages(message.conversationId), (data) => replaceMessage(data, message));
      void queryClient.invalidateQueries({ queryKey: queryKeys.messages(message.conversationId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
    };
    return {
      react: (input: InvokeRequest<'messages.react'>) => invoke('messages.react', input).then(apply),
      recall: (input: InvokeRequest<'messages.recall'>) => invoke('messages.recall', input).then(apply),
    };
  }, [queryClient]);
}
export const useRecallMessage = () => useMessageChange('messages.recall');
export const useReactToMessage = () => useMessageChange('messages.react');

/** Delete for me: gone from this list at once, and from the user's other devices through the core. */
export function useHideMessage() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation();
  return useMutation({
    mutationFn: (input: InvokeRequest<'messages.hide'>) => invoke('messages.hide', input),
    onSuccess: (_result, { conversationId, messageId }) => {
      queryClient.setQueryData<MessagePages>(queryKeys.messages(conversationId), (data) => removeMessage(data, messageId));
      invalidate(conversationId);
    },
  });
}

export function useForwardMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvokeRequest<'messages.forward'>) => invoke('messages.forward', input),
    onSuccess: (_result, { targetConversationIds }) => {
      for (const id of targetConversationIds) void queryClient.invalidateQueries({ queryKey: queryKeys.messages(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.conversations });
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
