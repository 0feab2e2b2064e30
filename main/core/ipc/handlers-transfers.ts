import { MagpieError } from '../../../shared/errors';
import type { DesktopHost } from '../host';
import type { MediaServer } from '../media/media-server';
import type { SessionManager } from '../session/session-manager';
import type { Transfers } from '../transfers/transfers';
import type { HandlerModule } from './handlers';
import { signedIn } from './signed-in';

export interface TransferHandlerDeps {
  session: SessionManager;
  transfers: Transfers;
  media: MediaServer;
  desktop: DesktopHost;
}

type TransferChannel =
  | 'transfers.list'
  | 'transfers.stage'
  | 'transfers.download'
  | 'transfers.cancel'
  | 'transfers.retry'
  | 'transfers.remove'
  | 'transfers.open'
  | 'transfers.showInFolder'
  | 'transfers.startDrag'
  | 'media.url';

/** Files: staging for uploads, downloads and their desktop actions, media URLs. */
export function transferHandlers(deps: TransferHandlerDeps): HandlerModule<TransferChannel> {
  const { session, transfers, media, desktop } = deps;
  return {
    'transfers.list': async () => {
      signedIn(session);
      return { transfers: await transfers.list() };
    },
    'transfers.stage': async (request) => {
      signedIn(session);
      return transfers.stage(request);
    },
    'transfers.download': async (request) => {
      signedIn(session);
      return { transfer: await transfers.download(request) };
    },
    'transfers.cancel': async ({ transferId }) => {
      signedIn(session);
      await transfers.cancel(transferId);
      return {};
    },
    'transfers.retry': async ({ transferId }) => {
      signedIn(session);
      await transfers.retry(transferId);
      return {};
    },
    'transfers.remove': async ({ transferId }) => {
      signedIn(session);
      await transfers.remove(transferId);
      return {};
    },
    'transfers.open': async ({ transferId }) => {
      signedIn(session);
      await desktop.openPath(await transfers.savedFile(transferId));
      return {};
    },
    'transfers.showInFolder': async ({ transferId }) => {
      signedIn(session);
      await desktop.showItemInFolder(await transfers.savedFile(transferId));
      return {};
    },
    'transfers.startDrag': async ({ transferId }) => {
      signedIn(session);
      await desktop.startDrag(await transfers.savedFile(transferId));
      return {};
    },
    // A URL only: the bytes are fetched when the page asks for them (see media/media-server.ts).
    'media.url': async ({ fileId, variant }) => {
      signedIn(session);
      const url = media.url(fileId, variant);
      if (!url) throw new MagpieError('auth.required', 'Not signed in');
      return { url };
    },
  };
}
