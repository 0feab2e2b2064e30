import { MagpieError } from '../../../shared/errors';
import type { Message } from '../../../shared/protocol';
import { newClientId } from '../outbox/client-id';
import { outboxToTimeline, sentToTimeline } from '../timeline';
import type { HandlerDeps, HandlerModule } from './handlers';
import { signedIn } from './signed-in';

type MessageChannels =
  | 'messages.list'
  | 'messages.send'
  | 'messages.edit'
  | 'messages.recall'
  | 'messages.hide'
  | 'messages.react'
  | 'messages.forward'
  | 'typing.set'
  | 'outbox.retry'
  | 'outbox.discard'
  | 'search.local'
  | 'search.server';

/**
 * The timeline: listing (cache first, older history from the server), sending through the
 * outbox, and the operations on sent messages. Those need the server (`client.offline` without
 * it) and their result goes into the cache at once, not when the push arrives.
 */
export function messageHandlers(deps: HandlerDeps): HandlerModule<MessageChannels> {
  const { session, connection, cache, outbox, sync } = deps;

  /** The server's answer to an operation on a message, stored and shown. */
  const applied = async (conversationId: string, message: Message) => {
    if (message.conversationId !== conversationId) throw new MagpieError('message.not_found', 'No such message in this conversation');
    await sync.receive(message);
    return { message: sentToTimeline(message) };
  };

  return {
    'messages.list': async ({ conversationId, beforeSeq, limit }) => {
      signedIn(session);
      const page = await deps.roaming.page(conversationId, beforeSeq, limit);
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

    'messages.send': async ({ conversationId, ...request }) => {
      signedIn(session);
      const message = await outbox.send(conversationId, request);
      deps.typing.set(conversationId, false);
      return { message };
    },

    'messages.edit': async ({ conversationId, messageId, text, mentions, mentionsAll }) => {
      signedIn(session);
      if (text.trim().length === 0) throw new MagpieError('message.empty', 'The message is empty');
      const { message } = await connection.request('messages.edit', { messageId, text, mentions, mentionsAll });
      return applied(conversationId, message);
    },

    'messages.recall': async ({ conversationId, messageId }) => {
      signedIn(session);
      const { message } = await connection.request('messages.recall', { messageId });
      return applied(conversationId, message);
    },

    'messages.react': async ({ conversationId, messageId, emoji, on }) => {
      signedIn(session);
      const { message } = await connection.request('messages.react', { messageId, emoji, on });
      return applied(conversationId, message);
    },

    'messages.hide': async ({ conversationId, messageId }) => {
      signedIn(session);
      await connection.request('messages.hide', { messageId });
      await sync.hide(conversationId, messageId);
      return {};
    },

    'messages.forward': async ({ messageId, targetConversationIds }) => {
      signedIn(session);
      const targets = [...new Set(targetConversationIds)].map((conversationId) => ({ conversationId, clientId: newClientId() }));
      const { messages } = await connection.request('messages.forward', { messageId, targets });
      await sync.receiveAll(messages);
      return {};
    },

    'typing.set': async ({ conversationId, typing }) => {
      signedIn(session);
      deps.typing.set(conversationId, typing);
      return {};
    },

    'outbox.retry': async ({ clientId }) => {
      signedIn(session);
      await outbox.retry(clientId);
      return {};
    },
    'outbox.discard': async ({ clientId }) => {
      signedIn(session);
      await outbox.discard(clientId);
      return {};
    },

    // Cache only, never the server: search works offline and sees what this device holds.
    'search.local': async ({ query, conversationId, limit, before }) => {
      signedIn(session);
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

    // The server's index: history this device never cached.
    'search.server': async (request) => {
      signedIn(session);
      const found = await connection.request('messages.search', request);
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
