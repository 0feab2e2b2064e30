import { MagpieError } from '../../shared/errors';
import type { InvokeResponse } from '../../shared/ipc';
import { Connection } from './connection/connection';
import { CoreEvents } from './events';
import type { CoreOptions, MagpieCoreApi } from './host';
import { guardCache } from './cache/integrity-guard';
import { createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { desktopLanguage, desktopText } from './notifications/desktop-strings';
import { createNotificationCenter } from './notifications/notification-center';
import { AppSettingsService } from './settings/app-settings';
import { defaultSettingsStorage } from './settings/settings-storage';
import { Outbox } from './outbox/outbox';
import { SessionManager } from './session/session-manager';
import { ReadMarkers } from './sync/read-markers';
import { SyncEngine } from './sync/sync-engine';
import { MessageRoaming } from './sync/message-roaming';
import { PresenceMap } from './live/presence';
import { routeServerEvents } from './live/server-events';
import { Typing } from './live/typing';
import { createFileServices } from './transfers/file-services';
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
  // A read that meets a damaged row repairs the cache once and syncs again (cache/integrity-guard.ts).
  const cache = guardCache(options.cache, (method) => {
    log(`the cache answered ${method} with a damaged row; repairing it and syncing again`);
    sync.rebuildCache(() => cache['cache.repair']({})).catch((error) => log('repairing the cache failed', error));
  });

  const events = new CoreEvents(log);
  const connection = new Connection({ createSocket: options.createSocket, now, random, tuning: settings });
  const request = connection.request.bind(connection);
  const isOnline = () => connection.isOnline;
  const sync = new SyncEngine({ cache, request, events, pageSize: settings.catchUpPageSize, bootstrapRecent: settings.bootstrapRecent, log });
  const roaming = new MessageRoaming({ cache, request, isOnline, sync, log });
  const typing = new Typing({ request, isOnline, selfId: () => session.user?.id, events, now, log });
  const presence = new PresenceMap({ request, isOnline, events, log });
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
  const files = createFileServices({
    desktop: options.desktop,
    cache,
    events,
    session,
    connection,
    outbox,
    now,
    log,
  });

  connection.onState((state) => {
    events.emit('connection.changed', state);
    if (state.status !== 'online') {
      typing.clear();
      presence.clear();
    }
  });
  connection.onReady(() => {
    void sync.catchUp();
    void outbox.flush();
    void readMarkers.onConnected();
    presence.onConnected();
  });
  connection.onEvent(routeServerEvents({ sync, readMarkers, typing, presence, session, events, log }));

  // Notifications and app settings: this computer's, so they work signed out too.
  const appSettings = new AppSettingsService({
    storage: options.settingsStorage ?? defaultSettingsStorage(options.desktop?.dataDir, log),
    events,
    apply: options.os ? (next, previous) => options.os!.applySettings(next, previous) : undefined,
    log,
  });
  const notifications = createNotificationCenter({
    events,
    settings: appSettings,
    selfId: () => session.user?.id,
    listConversations: async () => {
      const reply = await dispatch('conversations.list', {});
      if (!reply.ok) throw MagpieError.fromShape(reply.error);
      return (reply.value as InvokeResponse<'conversations.list'>).conversations;
    },
    text: desktopText(desktopLanguage(options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale)),
    now,
    log,
  });
  connection.onEvent(notifications.serverEvent);
  // After the listener above that starts the catch-up: this one waits for it.
  connection.onReady(() => notifications.notifier.catchingUp(sync.idle()));

  const dispatch = createDispatcher(
    createHandlers({
      app: { version: options.appVersion, shell: options.shell, platform: options.platform },
      session,
      connection,
      cache,
      events,
      sync,
      outbox,
      readMarkers,
      roaming,
      typing,
      presence,
      uploads: { uploadStaged: async (stagingId) => (await files.transfers.uploadStaged(stagingId)).id },
      log,
      appSettings,
      notifier: notifications.notifier,
      os: options.os,
      transfers: files.transfers,
      media: files.media,
      desktop: options.desktop,
    }),
    { validateResponses: settings.validateResponses, log },
  );

  return {
    start: () => session.restore(),
    async stop() {
      // Keeps the session and the outbox: both pick up where they left off on the next start.
      // Cache writes already begun are let finish, so the host window may close right after.
      session.stop();
      files.stop();
      await Promise.all([outbox.idle(), sync.idle(), readMarkers.idle()]);
    },
    invoke: (channel, request) => dispatch(channel, request),
    on: (event, listener) => events.on(event, listener),
    networkOnline: () => connection.retryNow(),
    setIdle: (idle) => presence.setIdle(idle),
    serveMedia: (request) => files.media.serve(request),
    notifications: notifications.feed,
  };
}
