import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CacheApi } from '../../../shared/cache';
import type { Connection } from '../connection/connection';
import type { CoreEvents } from '../events';
import type { DesktopHost } from '../host';
import { MediaCache } from '../media/media-cache';
import { MediaServer } from '../media/media-server';
import type { Outbox } from '../outbox/outbox';
import type { SessionManager } from '../session/session-manager';
import { Transfers } from './transfers';

export interface FileServicesDeps {
  desktop: DesktopHost;
  cache: CacheApi;
  events: CoreEvents;
  session: SessionManager;
  connection: Connection;
  /** Messages with files: their upload runs as the outbox's step before sending. */
  outbox: Pick<Outbox, 'setBeforeSend' | 'setOnDiscard' | 'setOnRetry' | 'update' | 'retry' | 'fail'>;
  now: () => number;
  log: (message: string, detail?: unknown) => void;
  mediaBudgetBytes?: number;
  uploadRetryDelays?: number[];
}

/**
 * Transfers and media, wired to the session (whose account they serve and whose token they use)
 * and the connection (a reconnect resumes interrupted downloads).
 */
export function createFileServices(deps: FileServicesDeps) {
  const { session } = deps;
  const credentials = () => session.credentials;
  const transfers = new Transfers({
    cache: deps.cache,
    events: deps.events,
    desktop: deps.desktop,
    credentials,
    now: deps.now,
    log: deps.log,
    retryMessage: (clientId) => deps.outbox.retry(clientId),
    failMessage: (clientId, error) => deps.outbox.fail(clientId, error),
    uploadRetryDelays: deps.uploadRetryDelays,
  });
  const accountId = () => session.user?.id ?? null;
  const mediaCache = new MediaCache({
    dir: () => {
      const account = accountId();
      if (!account) throw new Error('not signed in');
      return path.join(deps.desktop.dataDir, 'accounts', account, 'media');
    },
    credentials,
    budgetBytes: deps.mediaBudgetBytes,
    now: deps.now,
  });
  const media = new MediaServer(mediaCache, deps.desktop.mediaBaseUrl, accountId);

  deps.outbox.setBeforeSend(async (item) => {
    const sent = await transfers.uploadForMessage(
      { clientId: item.clientId, conversationId: item.conversationId, stagingId: item.stagingId ?? '' },
      // The timeline shows the upload's progress on the message from its first byte.
      (transferId) => deps.outbox.update(item.clientId, { transferId }),
    );
    return { ...item, fileId: sent.fileId, kind: sent.kind, transferId: sent.transferId };
  });
  deps.outbox.setOnDiscard((item) => transfers.forgetMessage(item.clientId, item.stagingId ?? null));
  deps.outbox.setOnRetry(async (item) => {
    if (item.stagingId !== undefined && item.fileId === undefined) await transfers.messageRetried(item.clientId);
  });
  deps.events.on('session.changed', (state) => transfers.setAccount(state.state === 'signed-in' ? state.user.id : null));
  deps.session.onWipe(async (accountId) => {
    // Partial downloads sit in Downloads; without the cache's transfer rows nothing could resume
    // them. Finished downloads are the user's files and stay.
    const { transfers: records } = await deps.cache['transfers.list']({}).catch((error) => {
      deps.log('could not list transfers to remove their partial downloads', error);
      return { transfers: [] };
    });
    await Promise.all(records.filter((r) => r.direction === 'download' && r.partPath).map((r) => fs.rm(r.partPath!, { force: true })));
    mediaCache.forget();
    // Staging (files of unsent messages) and the media cache; the id is server-checked ([A-Za-z0-9_-]).
    await fs.rm(path.join(deps.desktop.dataDir, 'accounts', accountId), { recursive: true, force: true, maxRetries: 3 });
  });
  deps.connection.onAnswer(() => {
    void transfers.serverAnswered().catch((error) => deps.log('could not resume paused downloads', error));
  });
  deps.connection.onReady(() => {
    void transfers.onConnected().catch((error) => deps.log('could not resume transfers', error));
  });

  return {
    transfers,
    media,
    mediaCache,
    /** App quitting: running transfers stop where they are (they resume on the next start). */
    stop: () => transfers.setAccount(null),
  };
}
