import type { App, BrowserWindow } from 'electron';

/**
 * The unread total on the app's own icon: the dock badge on macOS, the launcher count on Linux
 * (Unity and desktops that speak its launcher API; elsewhere Electron answers false and the tray
 * icon carries the count). Windows has no count on the taskbar button; it flashes instead.
 */
export function showUnreadBadge(app: Pick<App, 'setBadgeCount'>, platform: NodeJS.Platform, count: number): void {
  if (platform !== 'darwin' && platform !== 'linux') return;
  app.setBadgeCount(Math.max(0, count));
}

/** Windows: a new message while Magpie is in the background flashes its taskbar button until focused. */
export function flashForNewMessage(window: Pick<BrowserWindow, 'isDestroyed' | 'isFocused' | 'flashFrame'> | null, platform: NodeJS.Platform): void {
  if (platform !== 'win32' || !window || window.isDestroyed() || window.isFocused()) return;
  window.flashFrame(true);
}

export function stopFlashing(window: Pick<BrowserWindow, 'isDestroyed' | 'flashFrame'>, platform: NodeJS.Platform): void {
  if (platform === 'win32' && !window.isDestroyed()) window.flashFrame(false);
}
