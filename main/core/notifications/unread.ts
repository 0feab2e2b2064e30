import type { ConversationSummary } from '../../../shared/ipc';

export type UnreadConversation = Pick<ConversationSummary, 'unreadCount' | 'state' | 'settings'>;

/**
 * The number the tray and the dock badge show: unread messages in conversations that may still
 * interrupt the user. A muted conversation keeps its own badge in the list but does not count
 * here (muting is asking not to be pulled back); neither do ones the user left or that were
 * dissolved.
 */
export function unreadTotal(conversations: Iterable<UnreadConversation>): number {
  let total = 0;
  for (const conversation of conversations) {
    if (conversation.state !== 'active' || conversation.settings.muted) continue;
    total += conversation.unreadCount;
  }
  return total;
}
