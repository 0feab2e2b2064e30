import { useEffect, useState } from 'react';
import type { ConversationSummary } from '../../../shared/ipc';
import { useMarkRead } from '../../data/read-state';

/** Scrolling settles for this long before a marker is sent: one call per pause, not per frame. */
export const MARK_READ_DEBOUNCE_MS = 300;

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    window.addEventListener('focus', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      window.removeEventListener('focus', update);
    };
  }, []);
  return visible;
}

/**
 * Marks the open conversation read up to the newest message the reader can see, but only while
 * the page is visible: a conversation left open in a hidden window is not being read.
 */
export function useReadTracking(conversation: ConversationSummary | null, newestVisibleSeq: number | null): void {
  const visible = usePageVisible();
  const markRead = useMarkRead();
  const { mutate } = markRead;
  const conversationId = conversation?.id;
  const readSeq = conversation?.readSeq ?? 0;
  useEffect(() => {
    if (!visible || !conversationId || newestVisibleSeq === null || newestVisibleSeq <= readSeq) return;
    const timer = setTimeout(() => mutate({ conversationId, seq: newestVisibleSeq }), MARK_READ_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [visible, conversationId, newestVisibleSeq, readSeq, mutate]);
}

/**
 * Where the "new messages" divider goes: above the first message from someone else after the
 * marker the conversation had when it was opened. Fixed for the life of the view (ChatView is
 * keyed by conversation), so reading does not make it jump or vanish.
 */
export function useUnreadDivider(conversation: ConversationSummary | null): number | null {
  const [readSeqAtOpen, setReadSeqAtOpen] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    if (readSeqAtOpen !== undefined || !conversation) return;
    setReadSeqAtOpen(conversation.unreadCount > 0 ? conversation.readSeq : null);
  }, [conversation, readSeqAtOpen]);
  return readSeqAtOpen ?? null;
}
