import type { Presence, User } from '../../../shared/protocol';
import type { Change } from '../store/changes';
import type { Store } from '../store/store';
import type { ConnectionHub } from './hub';

/**
 * A live event as nodes exchange it: the push plus whom it is for. Sockets live on whichever
 * node the client reached, so every node hears every event and delivers to its own sockets.
 * Message and conversation changes come from the store's writes (`Change`); the rest are
 * ephemeral (typing, presence) or about accounts.
 */
export type LiveEvent =
  | Change
  /** Not stored: lapses on the client after LIMITS.typingTtlMs unless renewed. */
  | { type: 'typing'; userIds: string[]; conversationId: string; userId: string; typing: boolean }
  | { type: 'presence.changed'; userIds: string[]; userId: string; presence: Presence }
  | { type: 'user.updated'; userIds: string[]; user: User }
  /** The session was signed out: its sockets on every node are unbound and told so. */
  | { type: 'session.ended'; tokenHash: string };

/**
 * Fans live events out to every node, the publishing one included, exactly once each.
 * `publish` hands the event to this node's delivery queue before it returns, so the sender's own
 * devices on this node never wait for a database round trip; other nodes hear it asynchronously.
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

/**
 * What a node does with an event, whichever node published it: push to its own sockets, in the
 * order events arrived (one queue per node). `conversation.updated` is per recipient, so its
 * views are loaded here, only for recipients with a socket on this node.
 */
export function hubDelivery(hub: ConnectionHub, store: Store, log: { warn(obj: object, msg: string): void }): (event: LiveEvent) => void {
  let queue: Promise<void> = Promise.resolve();
  return (event) => {
    queue = queue.then(() => deliverToHub(hub, store, event)).catch((error: unknown) => log.warn({ err: error }, 'could not deliver a live event'));
  };
}

export async function deliverToHub(hub: ConnectionHub, store: Store, event: LiveEvent): Promise<void> {
  switch (event.type) {
    case 'message.new':
    case 'message.updated':
      hub.pushToUsers(event.userIds, { event: event.type, data: { message: event.message } });
      return;
    case 'message.hidden':
      hub.pushToUsers(event.userIds, { event: 'message.hidden', data: { conversationId: event.conversationId, messageId: event.messageId } });
      return;
    case 'conversation.updated': {
      const here = event.userIds.filter((id) => hub.hasUser(id));
      if (here.length === 0) return;
      for (const { userId, conversation } of await store.messaging.viewsOf(event.conversationId, here)) {
        hub.pushToUsers([userId], { event: 'conversation.updated', data: { conversation } });
      }
      return;
    }
    case 'conversation.read': {
      const { conversationId, userId, readSeq } = event;
      hub.pushToUsers(event.userIds, { event: 'conversation.read', data: { conversationId, userId, readSeq } });
      return;
    }
    case 'typing': {
      const { conversationId, userId, typing } = event;
      hub.pushToUsers(event.userIds, { event: 'typing', data: { conversationId, userId, typing } });
      return;
    }
    case 'presence.changed':
      hub.pushToUsers(event.userIds, { event: 'presence.changed', data: { userId: event.userId, presence: event.presence } });
      return;
    case 'user.updated':
      // The user's own sockets carry a copy of the user in their session: keep it current.
      for (const conn of hub.connections) {
        if (conn.session?.user.id === event.user.id) conn.session = { ...conn.session, user: event.user };
      }
      hub.pushToUsers(event.userIds, { event: 'user.updated', data: { user: event.user } });
      return;
    case 'session.ended':
      for (const conn of hub.connectionsOfSession(event.tokenHash)) {
        hub.unbind(conn);
        conn.push({ event: 'session.ended', data: {} });
      }
      return;
  }
}
