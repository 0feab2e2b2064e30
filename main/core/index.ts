import { Connection } from './connection/connection';
import { CoreEvents } from './events';
import type { CoreOptions, MagpieCoreApi } from './host';
import { createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { Outbox } from './outbox/outbox';
import { SessionManager } from './session/session-manager';
import { ReadMarkers } from './sync/read-markers';
import { SyncEngine } from './sync/sync-engine';
import { DEFAULT_TUNING, type CoreTuning } from './tuning';

export type { CoreOptions, MagpieCoreApi, MessageTransport, SecretStore, SocketFactory, SocketLike, StoredSession } from './host';
export type { CoreTuning } from './tuning';
export { CacheRpcClient } from './cache/rpc-client';
export { toSocketUrl } from './connection/socket-url';

/**
 * The client core: one socket to the server, the sync engine that fills the cache, the outbox,
 * and the handlers behind every bridge channel. The host (Electron main, the browser shell, a
 * test) supplies the socket factory, the cache and the secret store.
 */
export function createMagpieCore(options: CoreOptions, tuning: Partial<CoreTuning> = {}): MagpieCoreApi {
  const settings: CoreTuning = { ...DEFAULT_TUNING, ...tuning };
  const { log } = settings;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const { cache } = options;

  const events = new CoreEvents(log);
  const connection = new Connection({ createSocket: options.createSocket, now, random, tuning: settings });
  const request = connection.request.bind(connection);
  const sync = new SyncEngine({ cache, request, events, pageSize: settings.catchUpPageSize, log });
  const outbox = new Outbox({ cache, request, isOnline: () => connection.isOnline, sync, events, now, log });
  const readMarkers = new ReadMarkers({ cache, request, isOnline: () => connection.isOnline, selfId: () => session.user?.id, events, log });
  const session = new SessionManager({
    defaultServerUrl: options.defaultServerUrl,
    connection,
    cache,
    secrets: options.secrets,
    events,
    sync,
    outbox,
    log,
  });

  connection.onState((state) => events.emit('connection.changed', state));
  connection.onReady(() => {
    void sync.catchUp();
    void outbox.flush();
    void readMarkers.onConnected();
  });
  connection.onEvent((event) => {
    switch (event.event) {
      case 'message.new':
        void sync.receive(event.data.message).catch((error) => log('could not store a live message', error));
        break;
      case 'conversation.updated':
        void sync.putConversation(event.data.conversation).catch((error) => log('could not store a conversation', error));
        break;
      case 'conversation.read':
        void readMarkers.receive(event.data).catch((error) => log('could not store a read marker', error));
        break;
      case 'session.ended':
        void session.endLocally().catch((error) => log('could not end the session', error));
        break;
    }
  });

  const dispatch = createDispatcher(
    createHandlers({
      app: { version: options.appVersion, shell: options.shell, platform: options.platform },
      session,
      connection,
      cache,
      sync,
      outbox,
      readMarkers,
    }),
    { validateResponses: settings.validateResponses, log },
  );

  return {
    start: () => session.restore(),
    async stop() {
      // Keeps the session and the outbox: both pick up where they left off on the next start.
      // Cache writes already begun are let finish, so the host window may close right after.
      session.stop();
      await Promise.all([outbox.idle(), sync.idle(), readMarkers.idle()]);
    },
    invoke: (channel, request) => dispatch(channel, request),
    on: (event, listener) => events.on(event, listener),
    networkOnline: () => connection.retryNow(),
  };
}
