import type { Menu, NativeImage, Tray } from 'electron';
import type { DesktopText } from '../core/notifications/desktop-strings';
import { renderTrayIcon, toNativePixelOrder, TRAY_ICON_SIZE } from './tray-icon';

export interface TrayElectron {
  Tray: new (image: NativeImage) => Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: { createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): NativeImage };
}

export interface MagpieTrayOptions {
  electron: TrayElectron;
  platform: NodeJS.Platform;
  text: DesktopText;
  onOpen: () => void;
  onQuit: () => void;
}

/**
 * Magpie's tray icon: open and quit, the unread count in the tooltip, and on Linux drawn into
 * the icon itself (Linux has no dock badge outside Unity; macOS shows it as the tray title next
 * to the icon instead, Windows in the tooltip).
 */
export class MagpieTray {
  private readonly tray: Tray;
  private unread = -1;

  constructor(private readonly options: MagpieTrayOptions) {
    this.tray = new options.electron.Tray(this.image(0));
    this.tray.setContextMenu(
      options.electron.Menu.buildFromTemplate([
        { label: options.text('tray.open'), click: () => options.onOpen() },
        { type: 'separator' },
        { label: options.text('tray.quit'), click: () => options.onQuit() },
      ]),
    );
    // Windows and most Linux trays open the app on a click; macOS shows the menu instead.
    if (options.platform !== 'darwin') this.tray.on('click', () => options.onOpen());
    this.setUnread(0);
  }

  setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    const { text, platform } = this.options;
    this.tray.setToolTip(count > 0 ? text('tray.tooltipUnread', { count }) : text('tray.tooltip'));
    if (platform === 'linux') this.tray.setImage(this.image(count));
    if (platform === 'darwin') this.tray.setTitle(count > 0 ? (count > 99 ? '99+' : String(count)) : '');
  }

  destroy(): void {
    this.tray.destroy();
  }

  private image(count: number): NativeImage {
    // Drawn at 32 px: Linux panels take it as is; Windows and macOS trays are 16 pt, so it is a 2x image there.
    const bitmap = renderTrayIcon(this.options.platform === 'linux' ? count : 0, TRAY_ICON_SIZE);
    return this.options.electron.nativeImage.createFromBitmap(toNativePixelOrder(bitmap), {
      width: bitmap.width,
      height: bitmap.height,
      scaleFactor: this.options.platform === 'linux' ? 1 : 2,
    });
  }
}
