import type { CacheApi } from '../../../shared/cache';
import type { Connection } from '../connection/connection';
import type { CoreEvents } from '../events';
import type { Outbox } from '../outbox/outbox';
import type { SessionManager } from '../session/session-manager';
import type { ReadMarkers } from '../sync/read-markers';
import type { SyncEngine } from '../sync/sync-engine';
import type { MessageRoaming } from '../sync/message-roaming';
import type { PresenceMap } from '../live/presence';
import type { Typing } from '../live/typing';
import type { ChannelHandlers } from './dispatch';
import { accountHandlers, type StagedUploads } from './account-handlers';
import { groupHandlers } from './group-handlers';
import { appHandlers, type AppHandlerDeps } from './handlers-app';
import { sessionHandlers } from './session-handlers';
import { conversationHandlers } from './conversation-handlers';
import { messageHandlers } from './message-handlers';
import { transferHandlers, type TransferHandlerDeps } from './handlers-transfers';

/**
 * Everything a handler module may need. An area that serves its own channels (transfers,
 * settings, the app view) adds its own dependency here and its module to `createHandlers`.
 */
export interface HandlerDeps extends AppHandlerDeps, TransferHandlerDeps {
  app: { version: string; shell: 'electron' | 'browser'; platform: string };
  session: SessionManager;
  connection: Connection;
  cache: CacheApi;
  events: CoreEvents;
  sync: SyncEngine;
  outbox: Outbox;
  readMarkers: ReadMarkers;
  roaming: MessageRoaming;
  typing: Typing;
  presence: PresenceMap;
  /** Uploads a staged image for an avatar (transfers); null where files are not available. */
  uploads: StagedUploads | null;
  log: (message: string, detail?: unknown) => void;
}

/** A module serving some of the bridge's channels. */
export type HandlerModule<C extends keyof ChannelHandlers> = Pick<ChannelHandlers, C>;

/**
 * What each bridge channel does: one module per area, composed here so each area adds its own
 * with a one-line edit. Requests arrive already validated by the dispatcher; the compiler checks
 * that every channel has exactly one handler.
 */
export function createHandlers(deps: HandlerDeps): ChannelHandlers {
  return {
    ...sessionHandlers(deps),
    ...conversationHandlers(deps),
    ...messageHandlers(deps),
    ...groupHandlers(deps),
    ...accountHandlers(deps),
    ...appHandlers(deps),
    ...transferHandlers(deps),
  };
}
