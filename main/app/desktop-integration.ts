import os from 'node:os';
import { app, Menu, nativeImage, Notification, shell, Tray, type BrowserWindow } from 'electron';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../shared/ipc';
import type { MagpieCoreApi, OsIntegration } from '../core/host';
import { desktopLanguage, desktopText } from '../core/notifications/desktop-strings';
import type { DeepLinkTarget } from './deep-links';
import { setStartAtLogin, type LoginItemHost } from './login-item';
import { DesktopNotifications } from './notifier';
import { attachAttention, watchMainWindow } from './notifier-attention';
import { MagpieTray } from './tray';

export interface MainWindowAccess {
  /** Creates the window if there is none, restores, shows and focuses it. */
  show(): void;
  current(): BrowserWindow | null;
}

/**
 * Magpie on the desktop around its window: the tray, notifications, the badge, close to tray,
 * start at login, links opened in the browser. magpie-app.ts creates it before the core (which
 * needs `os` and `locale`) and attaches it once the core exists.
 */
export function createDesktopIntegration() {
  const platform = process.platform;
  const locale = app.getLocale();
  const text = desktopText(desktopLanguage(locale));
  const loginHost: LoginItemHost = { app, platform, execPath: process.execPath, env: process.env, homeDir: os.homedir() };

  let core: MagpieCoreApi | null = null;
  let windows: MainWindowAccess | null = null;
  let tray: MagpieTray | null = null;
  let detach: (() => void) | null = null;
  let quitting = false;
  let closeToTray = DEFAULT_APP_SETTINGS.closeToTray;
  // The page subscribes to app.navigate once it has rendered; a window just opened gets it then.
  let uiReady = false;
  let waiting: Array<() => void> = [];

  const whenUiReady = (run: () => void) => {
    if (uiReady && windows?.current()) run();
    else waiting.push(run);
  };
  const bringForward = (then: () => void) => {
    windows?.show();
    whenUiReady(then);
  };

  const osIntegration: OsIntegration = {
    async applySettings(next: AppSettings, previous: AppSettings) {
      if (next.startAtLogin !== previous.startAtLogin) await setStartAtLogin(next.startAtLogin, loginHost);
    },
    openExternal: (url) => shell.openExternal(url),
  };

  return {
    os: osIntegration,
    locale,
    /** Whether closing the window would leave a way back (a tray icon to click). */
    get hasTray() {
      return tray !== null;
    },

    attach(runningCore: MagpieCoreApi, access: MainWindowAccess): void {
      core = runningCore;
      windows = access;
      app.on('before-quit', () => {
        quitting = true;
      });
      try {
        tray = new MagpieTray({ electron: { Tray, Menu, nativeImage }, platform, text, onOpen: () => access.show(), onQuit: () => app.quit() });
      } catch (error) {
        // A desktop without a status area: the window then closes as a window does.
        console.warn('[magpie] no tray icon on this desktop', error);
      }
      const notifications = new DesktopNotifications({
        Notification,
        onClick: (tag) => bringForward(() => runningCore.notifications.clicked(tag)),
        log: (message, detail) => console.warn(`[magpie] ${message}`, detail ?? ''),
      });
      detach = attachAttention({ feed: runningCore.notifications, notifications, tray, app, platform, mainWindow: access.current });
      runningCore.on('settings.changed', (settings) => {
        closeToTray = settings.closeToTray;
      });
      void runningCore.invoke('settings.get', {}).then(async (reply) => {
        if (!reply.ok) return;
        const settings = reply.value as AppSettings;
        closeToTray = settings.closeToTray;
        // The app may have moved (an updated AppImage) since the login item was written.
        if (settings.startAtLogin) await setStartAtLogin(true, loginHost).catch((error: unknown) => console.warn('[magpie] could not refresh the login item', error));
      });
    },

    /** Each new main window: close to tray, focus tracking, and when its page can navigate. */
    watchWindow(window: BrowserWindow): void {
      uiReady = false;
      window.once('ready-to-show', () => {
        uiReady = true;
        const run = waiting;
        waiting = [];
        for (const task of run) task();
      });
      watchMainWindow(window, {
        platform,
        feed: { windowUnfocused: () => core?.notifications.windowUnfocused() },
        hideOnClose: () => closeToTray && tray !== null && !quitting,
      });
    },

    /** A magpie:// link: the window comes forward on that conversation. */
    openLink(target: DeepLinkTarget): void {
      bringForward(() => core?.notifications.open(target));
    },

    dispose(): void {
      detach?.();
      detach = null;
      tray = null;
    },
  };
}

export type DesktopIntegration = ReturnType<typeof createDesktopIntegration>;
