import type { HeldFrom } from '../../../shared/cache';
import type { Conversation, Message } from '../../../shared/protocol';

/**
 * What a bootstrap page says the cache holds of each conversation: its newest messages, from the
 * oldest of them up. When the server sent fewer than `recent`, there is nothing older the
 * account may see, so everything after `visibleFromSeq` is held. Messages created after the page
 * was read come through catch-up, which starts from the page's head.
 */
export function bootstrapHeld(conversations: Conversation[], messages: Message[], recent: number): HeldFrom[] {
  const lowest = new Map<string, { seq: number; count: number }>();
  for (const message of messages) {
    const entry = lowest.get(message.conversationId) ?? { seq: Infinity, count: 0 };
    lowest.set(message.conversationId, { seq: Math.min(entry.seq, message.seq), count: entry.count + 1 });
  }
  return conversations.map((conversation) => {
    const entry = lowest.get(conversation.id);
    const everything = conversation.visibleFromSeq + 1;
    if (!entry || entry.count < recent) return { conversationId: conversation.id, from: everything };
    return { conversationId: conversation.id, from: Math.max(1, entry.seq) };
  });
}

/**
 * After a history page (newest first from `beforeSeq`, or the newest page when nothing was held):
 * the cache now holds from the page's oldest message; when the server has nothing older, from the
 * first message the account may see.
 */
export function historyHeld(conversation: Pick<Conversation, 'id' | 'visibleFromSeq'>, messages: Message[], hasMore: boolean, beforeSeq: number | null): HeldFrom | null {
  if (!hasMore) return { conversationId: conversation.id, from: conversation.visibleFromSeq + 1 };
  const oldest = messages.reduce((low, message) => Math.min(low, message.seq), beforeSeq ?? Infinity);
  return Number.isFinite(oldest) ? { conversationId: conversation.id, from: oldest } : null;
}
