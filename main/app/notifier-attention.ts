import type { App, BrowserWindow } from 'electron';
import type { NotificationFeed } from '../core/notifications/notification-center';
import { flashForNewMessage, showUnreadBadge, stopFlashing } from './badge';
import type { DesktopNotifications } from './notifier';
import type { MagpieTray } from './tray';

export interface AttentionOptions {
  feed: Pick<NotificationFeed, 'onChange' | 'onUnreadTotal' | 'windowUnfocused'>;
  notifications: Pick<DesktopNotifications, 'apply' | 'closeAll'>;
  tray: Pick<MagpieTray, 'setUnread' | 'destroy'> | null;
  app: Pick<App, 'setBadgeCount'>;
  platform: NodeJS.Platform;
  mainWindow: () => BrowserWindow | null;
}

/**
 * Everything that draws the user back when something arrives: the core's notifications on the
 * OS, the unread total on the tray and the badge, the flashing taskbar button on Windows.
 */
export function attachAttention(options: AttentionOptions): () => void {
  const { feed, notifications, tray, app, platform } = options;
  const offTotal = feed.onUnreadTotal((total) => {
    tray?.setUnread(total);
    showUnreadBadge(app, platform, total);
  });
  const offChange = feed.onChange((change) => {
    notifications.apply(change);
    if (change.type === 'show') flashForNewMessage(options.mainWindow(), platform);
  });
  return () => {
    offTotal();
    offChange();
    notifications.closeAll();
    tray?.destroy();
  };
}

/**
 * The main window's part: a close only hides it while close-to-tray is on (quitting really
 * quits), focus stops the flashing, and losing focus or hiding tells the notifier at once
 * (the page may be frozen in the background and never say so).
 */
export function watchMainWindow(
  window: BrowserWindow,
  options: { platform: NodeJS.Platform; feed: Pick<NotificationFeed, 'windowUnfocused'>; hideOnClose: () => boolean },
): void {
  window.on('close', (event) => {
    if (!options.hideOnClose()) return;
    event.preventDefault();
    window.hide();
  });
  window.on('focus', () => stopFlashing(window, options.platform));
  window.on('blur', () => options.feed.windowUnfocused());
  window.on('hide', () => options.feed.windowUnfocused());
  window.on('minimize', () => options.feed.windowUnfocused());
}
