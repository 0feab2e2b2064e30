import type { Conversation, Message, MethodResult } from '../../../shared/protocol';
import type { MethodHandlers } from './context';
import { sessionOf } from './context';
import { FRAME_BUDGET, jsonBytes } from './frames';

/**
 * A device's start (`sync.bootstrap`) and everything after (`sync.catchUp` over the change feed;
 * the design is in server/README.md). Both cut their page to fit one frame: bootstrap ends the
 * page at an earlier conversation (`next`), catch-up at an earlier feed position (`cursor`).
 */
export const syncHandlers: Pick<MethodHandlers, 'sync.bootstrap' | 'sync.catchUp'> = {
  async 'sync.bootstrap'(params, ctx) {
    const page = await ctx.store.messaging.bootstrap(sessionOf(ctx).user.id, params.after, params.recent);
    const conversations: Conversation[] = [];
    const messages: Message[] = [];
    let used = 0;
    let next = page.next;
    for (const [index, { conversation, messages: recent }] of page.conversations.entries()) {
      const size = jsonBytes(conversation) + recent.reduce((sum, m) => sum + jsonBytes(m) + 1, 0);
      if (used + size > FRAME_BUDGET && index > 0) {
        next = conversations[conversations.length - 1]!.id;
        break;
      }
      used += jsonBytes(conversation);
      conversations.push(conversation);
      // One conversation alone over the budget keeps its newest messages (older ones: messages.history).
      const kept: Message[] = [];
      for (const message of [...recent].reverse()) {
        const bytes = jsonBytes(message) + 1;
        if (used + bytes > FRAME_BUDGET) break;
        used += bytes;
        kept.unshift(message);
      }
      messages.push(...kept);
    }
    return { head: page.head, conversations, messages, next };
  },

  async 'sync.catchUp'(params, ctx) {
    const scan = await ctx.store.messaging.catchUp(sessionOf(ctx).user.id, params.after, params.limit);
    const result: MethodResult<'sync.catchUp'> = { conversations: [], messages: [], hidden: [], cursor: scan.cursor, hasMore: scan.hasMore };
    const seenConversations = new Set<string>();
    const seenMessages = new Set<string>();
    const seenHidden = new Set<string>();
    let used = 0;
    for (const [index, entry] of scan.entries.entries()) {
      const view = seenConversations.has(entry.conversationId) ? undefined : scan.conversations.get(entry.conversationId);
      const message = entry.message && !seenMessages.has(entry.message.id) ? entry.message : undefined;
      const hidden = entry.hidden && !seenHidden.has(entry.hidden.messageId) ? entry.hidden : undefined;
      const size = (view ? jsonBytes(view) : 0) + (message ? jsonBytes(message) : 0) + (hidden ? 160 : 0);
      if (used + size > FRAME_BUDGET && index > 0) {
        // Frame full: the page ends after the previous entry, and the rest comes next time.
        return { ...result, cursor: scan.entries[index - 1]!.pos, hasMore: true };
      }
      used += size;
      seenConversations.add(entry.conversationId);
      if (view) result.conversations.push(view);
      if (message) {
        seenMessages.add(message.id);
        result.messages.push(message);
      }
      if (hidden) {
        seenHidden.add(hidden.messageId);
        result.hidden.push(hidden);
      }
    }
    return result;
  },
};
