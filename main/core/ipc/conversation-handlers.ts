import type { CacheResult } from '../../../shared/cache';
import { MagpieError } from '../../../shared/errors';
import type { ConversationSummary, TimelineMessage } from '../../../shared/ipc';
import { outboxToTimeline, sentToTimeline } from '../timeline';
import type { HandlerDeps, HandlerModule } from './handlers';
import { signedIn } from './signed-in';

type CachedConversation = CacheResult<'conversations.list'>['conversations'][number];

/** The conversation list, one conversation, read state and the caller's own settings. */
export function conversationHandlers(
  deps: HandlerDeps,
): HandlerModule<'conversations.list' | 'conversations.get' | 'conversations.openDirect' | 'conversations.markRead' | 'conversations.updateSettings'> {
  const { session, connection, cache, sync, outbox } = deps;

  const summary = ({ conversation, lastMessage, unreadMentions }: CachedConversation): ConversationSummary => {
    // What the user just typed is the conversation's latest activity, sent or not.
    const unsent = outbox.itemsOf(conversation.id).at(-1);
    const last: TimelineMessage | null = unsent ? outboxToTimeline(unsent) : lastMessage ? sentToTimeline(lastMessage) : null;
    return { ...conversation, lastMessage: last, unreadMentions };
  };

  return {
    'conversations.list': async () => {
      signedIn(session);
      const { conversations } = await cache['conversations.list']({});
      const summaries = conversations.map(summary);
      // Pinned first, then by latest activity.
      summaries.sort((a, b) => Number(b.settings.pinned) - Number(a.settings.pinned) || activity(b) - activity(a));
      return { conversations: summaries };
    },

    'conversations.get': async ({ conversationId }) => {
      signedIn(session);
      let { conversation } = await cache['conversations.get']({ conversationId });
      if (!conversation) {
        // Not cached yet (a link to a conversation the feed has not brought): ask the server.
        const fetched = await connection.request('conversations.get', { conversationId });
        await sync.putConversation(fetched.conversation);
        ({ conversation } = await cache['conversations.get']({ conversationId }));
      }
      if (!conversation) throw new MagpieError('conversation.not_found', 'No such conversation');
      return { conversation: summary(conversation) };
    },

    'conversations.openDirect': async ({ userId }) => {
      signedIn(session);
      const { conversation } = await connection.request('conversations.openDirect', { userId });
      await sync.putConversation(conversation);
      return { conversation };
    },

    // Cache first (the badge clears at once, offline too); the server hears of it when online.
    'conversations.markRead': async ({ conversationId, seq }) => {
      signedIn(session);
      await deps.readMarkers.markRead(conversationId, seq);
      return {};
    },

    'conversations.updateSettings': async (request) => {
      signedIn(session);
      const { conversation } = await connection.request('conversations.updateSettings', request);
      await sync.putConversation(conversation);
      return { conversation };
    },
  };
}

function activity(summary: ConversationSummary): number {
  return summary.lastMessage?.createdAt ?? summary.createdAt;
}
