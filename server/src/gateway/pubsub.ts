import type { Conversation, Message } from '../../../shared/protocol';
import type { ConnectionHub } from './hub';

/**
 * A live event as nodes exchange it: the push plus whom it is for. Sockets live on whichever
 * node the client reached, so every node hears every event and delivers to its own sockets.
 */
export type LiveEvent =
  | { type: 'message.new'; userIds: string[]; message: Message }
  | { type: 'conversation.updated'; userIds: string[]; conversation: Conversation }
  /** A member's read marker moved (`userIds`: every member of the conversation). */
  | { type: 'conversation.read'; userIds: string[]; conversationId: string; userId: string; readSeq: number }
  /** The session was signed out: its sockets on every node are unbound and told so. */
  | { type: 'session.ended'; tokenHash: string };

/**
 * Fans live events out to every node, the publishing one included, exactly once each.
 * `publish` delivers to this node's sockets before it returns, so the sender's own devices on
 * this node never wait for a database round trip; other nodes hear it asynchronously.
 */
export interface PubSub {
  publish(event: LiveEvent): void;
  /** Resolves once events published so far have been handed to the other nodes. */
  close(): Promise<void>;
}

/** One node with the embedded store: nobody else to tell. */
export class LocalPubSub implements PubSub {
  constructor(private readonly deliver: (event: LiveEvent) => void) {}

  publish(event: LiveEvent): void {
    this.deliver(event);
  }

  async close(): Promise<void> {}
}

/** What a node does with an event, whichever node published it: push to its own sockets. */
export function deliverToHub(hub: ConnectionHub, event: LiveEvent): void {
  switch (event.type) {
    case 'message.new':
      hub.pushToUsers(event.userIds, { event: 'message.new', data: { message: event.message } });
      return;
    case 'conversation.updated':
      hub.pushToUsers(event.userIds, { event: 'conversation.updated', data: { conversation: event.conversation } });
      return;
    case 'conversation.read': {
      const { conversationId, userId, readSeq } = event;
      hub.pushToUsers(event.userIds, { event: 'conversation.read', data: { conversationId, userId, readSeq } });
      return;
    }
    case 'session.ended':
      for (const conn of hub.connectionsOfSession(event.tokenHash)) {
        hub.unbind(conn);
        conn.push({ event: 'session.ended', data: {} });
      }
      return;
  }
}
