import type { CacheApi } from '../../../shared/cache';
import { MagpieError } from '../../../shared/errors';
import type { ConversationSummary, TimelineMessage } from '../../../shared/ipc';
import type { Connection } from '../connection/connection';
import type { Outbox } from '../outbox/outbox';
import type { SessionManager } from '../session/session-manager';
import type { ReadMarkers } from '../sync/read-markers';
import type { SyncEngine } from '../sync/sync-engine';
import { outboxToTimeline, sentToTimeline } from '../timeline';
import type { ChannelHandlers } from './dispatch';

export interface HandlerDeps {
  app: { version: string; shell: 'electron' | 'browser'; platform: string };
  session: SessionManager;
  connection: Connection;
  cache: CacheApi;
  sync: SyncEngine;
  outbox: Outbox;
  readMarkers: ReadMarkers;
}

/** What each bridge channel does. Requests arrive already validated by the dispatcher. */
export function createHandlers(deps: HandlerDeps): ChannelHandlers {
  const { session, connection, cache, sync, outbox } = deps;

  const signedIn = () => {
    const user = session.user;
    if (!user) throw new MagpieError('auth.required', 'Not signed in');
    return user;
  };

  return {
    'app.info': async () => ({ ...deps.app }),
    'session.get': async () => session.state,
    'session.signIn': (request) => session.signIn(request),
    'session.signUp': (request) => session.signUp(request),
    'session.signOut': (request) => session.signOut(request),
    'connection.get': async () => connection.current,
    'connection.retryNow': async () => {
      connection.retryNow();
      return connection.current;
    },

    'users.search': async ({ query }) => {
      signedIn();
      return connection.request('users.search', { query, limit: 20 });
    },

    'conversations.openDirect': async ({ userId }) => {
      signedIn();
      const { conversation } = await connection.request('conversations.openDirect', { userId });
      await sync.putConversation(conversation);
      return { conversation };
    },

    'conversations.list': async () => {
      signedIn();
      const { conversations } = await cache['conversations.list']({});
      const summaries: ConversationSummary[] = conversations.map(({ conversation, lastMessage }) => {
        // What the user just typed is the conversation's latest activity, sent or not.
        const unsent = outbox.itemsOf(conversation.id).at(-1);
        const last: TimelineMessage | null = unsent
          ? outboxToTimeline(unsent)
          : lastMessage
            ? sentToTimeline(lastMessage)
            : null;
        return { ...conversation, lastMessage: last };
      });
      summaries.sort((a, b) => activity(b) - activity(a));
      return { conversations: summaries };
    },

    // Cache first (the badge clears at once, offline too); the server hears of it when online.
    'conversations.markRead': async ({ conversationId, seq }) => {
      signedIn();
      await deps.readMarkers.markRead(conversationId, seq);
      return {};
    },

    'messages.list': async ({ conversationId, beforeSeq, limit }) => {
      signedIn();
      const page = await cache['messages.page']({ conversationId, beforeSeq, limit });
      const messages = page.messages.map(sentToTimeline);
      // Unsent messages belong after the newest sent one, so only the newest page shows them.
      if (beforeSeq === undefined) {
        const held = new Set(page.messages.map((message) => message.clientId));
        for (const item of outbox.itemsOf(conversationId)) {
          // The echo of a message can land in the cache a moment before the outbox lets go of it.
          if (!held.has(item.clientId)) messages.push(outboxToTimeline(item));
        }
      }
      return { messages, hasMore: page.hasMore };
    },

    'messages.send': async ({ conversationId, text }) => {
      signedIn();
      return { message: await outbox.send(conversationId, text) };
    },
    'outbox.retry': async ({ clientId }) => {
      signedIn();
      await outbox.retry(clientId);
      return {};
    },
    'outbox.discard': async ({ clientId }) => {
      signedIn();
      await outbox.discard(clientId);
      return {};
    },

    // Cache only, never the server: search works offline and sees what this device holds.
    'search.local': async ({ query, conversationId, limit, before }) => {
      signedIn();
      const found = await cache['messages.search']({ query, conversationId, limit, before });
      return {
        results: found.results.map(({ message, highlights }) => ({
          message: sentToTimeline(message),
          conversationId: message.conversationId,
          highlights,
        })),
        nextBefore: found.nextBefore,
      };
    },
  };
}

function activity(summary: ConversationSummary): number {
  return summary.lastMessage?.createdAt ?? summary.createdAt;
}
