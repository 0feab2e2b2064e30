import type { App, Shell, WebContents } from 'electron';
import { MagpieError } from '../../shared/errors';
import type { DesktopHost } from '../core/host';
import { MEDIA_BASE_URL } from './media-protocol';

export interface ElectronDesktopDeps {
  app: Pick<App, 'getPath' | 'getFileIcon'>;
  shell: Pick<Shell, 'openPath' | 'showItemInFolder'>;
  /** The window a drag starts from (the main window), if there is one. */
  dragSource: () => WebContents | null;
}

/** The desktop as Electron gives it: its folders, the shell's open and reveal, native drag. */
export function electronDesktopHost(deps: ElectronDesktopDeps): DesktopHost {
  return {
    dataDir: deps.app.getPath('userData'),
    downloadsDir: () => deps.app.getPath('downloads'),
    openPath: async (file) => {
      // Electron reports failure as a message, not a throw.
      const failure = await deps.shell.openPath(file);
      if (failure) throw new MagpieError('app.unsupported', `The file could not be opened: ${failure}`.slice(0, 500));
    },
    showItemInFolder: async (file) => {
      deps.shell.showItemInFolder(file);
    },
    startDrag: async (file) => {
      const contents = deps.dragSource();
      if (!contents || contents.isDestroyed()) throw new MagpieError('app.unsupported', 'No window to drag from');
      // macOS refuses a drag without an image; the file's own icon is what people expect.
      const icon = await deps.app.getFileIcon(file, { size: 'normal' });
      contents.startDrag({ file, icon });
    },
    mediaBaseUrl: MEDIA_BASE_URL,
  };
}
