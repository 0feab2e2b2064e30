import type { ServerEvent } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import type { SessionManager } from '../session/session-manager';
import type { ReadMarkers } from '../sync/read-markers';
import type { SyncEngine } from '../sync/sync-engine';
import type { PresenceMap } from './presence';
import type { Typing } from './typing';

export interface ServerEventDeps {
  sync: SyncEngine;
  readMarkers: ReadMarkers;
  typing: Typing;
  presence: PresenceMap;
  session: SessionManager;
  events: CoreEvents;
  log: (message: string, detail?: unknown) => void;
}

/**
 * Where each server push goes. Every one is applied idempotently (rows move only to newer
 * revisions, markers only forward), so a push that crosses a catch-up page changes nothing twice.
 */
export function routeServerEvents(deps: ServerEventDeps): (event: ServerEvent) => void {
  const { sync, readMarkers, typing, presence, session, events, log } = deps;
  const failed = (what: string) => (error: unknown) => log(`could not store ${what}`, error);
  return (event) => {
    switch (event.event) {
      case 'message.new':
        typing.sent(event.data.message.conversationId, event.data.message.senderId);
        void sync.receive(event.data.message).catch(failed('a live message'));
        break;
      case 'message.updated':
        void sync.receive(event.data.message).catch(failed('a changed message'));
        break;
      case 'message.hidden':
        void sync.hide(event.data.conversationId, event.data.messageId).catch(failed('a hidden message'));
        break;
      case 'conversation.updated':
        void sync.putConversation(event.data.conversation).catch(failed('a conversation'));
        break;
      case 'conversation.read':
        void readMarkers.receive(event.data).catch(failed('a read marker'));
        break;
      case 'typing':
        typing.receive(event.data);
        break;
      case 'presence.changed':
        presence.receive(event.data);
        break;
      case 'user.updated':
        void session.userChanged(event.data.user).catch(failed('the signed-in user'));
        void sync.applyUser(event.data.user).catch(failed('a changed profile'));
        events.emit('users.changed', { user: event.data.user });
        break;
      case 'session.ended':
        void session.endLocally().catch((error) => log('could not end the session', error));
        break;
    }
  };
}
