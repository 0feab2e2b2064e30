import path from 'node:path';
import { app, BrowserWindow, MessageChannelMain, net, powerMonitor, protocol, safeStorage, shell } from 'electron';
import WebSocket from 'ws';
import { CacheRpcClient } from '../core/cache/rpc-client';
import type { MagpieCoreApi } from '../core/host';
import { createMagpieCore } from '../core/index';
import { appPaths } from './app-paths';
import { handleAppProtocol } from './app-protocol';
import { CacheHost } from './cache-host';
import { electronDesktopHost } from './desktop-host';
import type { DeepLinkTarget } from './deep-links';
import { createDesktopIntegration } from './desktop-integration';
import { forwardCoreEvents, registerInvokeHandlers } from './ipc-main';
import { handleMediaProtocol } from './media-protocol';
import { watchNetwork } from './network-watch';
import { SafeStorageSecretStore } from './secret-store';
import { createCacheHostWindow, createMainWindow } from './windows';

/**
 * The running app once Electron is ready: the protocol, the cache host, the core, the main window,
 * and an orderly quit. The core outlives the main window (it keeps syncing while the window is
 * closed on macOS); quitting stops the core first, so the outbox is flushed to the cache host
 * before that window goes.
 */

export interface RunningMagpie {
  showMainWindow(): void;
  /** A magpie:// link: the window comes forward on that conversation. */
  openLink(target: DeepLinkTarget): void;
}

export interface StartOptions {
  /** Started at login: stay in the tray until asked (when there is a tray). */
  hidden?: boolean;
}

const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';
/** A core that cannot stop in this time (a hung socket) must not keep the app from quitting. */
const STOP_GRACE_MS = 5_000;

export function startMagpie(options: StartOptions = {}): RunningMagpie {
  const paths = appPaths(app.getAppPath());
  handleAppProtocol(protocol, paths);

  const cache = new CacheRpcClient();
  const cacheHost = new CacheHost({
    createWindow: () => createCacheHostWindow(paths.cacheHostPreload),
    createChannel: () => new MessageChannelMain(),
    client: cache,
  });
  cacheHost.start();

  const desktop = createDesktopIntegration();
  const core = createMagpieCore({
    defaultServerUrl: process.env.MAGPIE_SERVER_URL ?? DEFAULT_SERVER_URL,
    createSocket: (url) => new WebSocket(url),
    cache,
    secrets: new SafeStorageSecretStore({
      safeStorage,
      file: path.join(app.getPath('userData'), 'session.bin'),
    }),
    appVersion: app.getVersion(),
    shell: 'electron',
    platform: process.platform,
    desktop: electronDesktopHost({ app, shell, dragSource: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null) }),
    os: desktop.os,
    locale: desktop.locale,
  });

  handleMediaProtocol(protocol, (request) => core.serveMedia(request));

  let mainWindow: BrowserWindow | null = null;
  const showMainWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow(paths.preload);
      desktop.watchWindow(mainWindow);
      mainWindow.on('closed', () => {
        mainWindow = null;
        // The hidden cache host is a window too, so Electron's window-all-closed never fires for us.
        if (process.platform !== 'darwin') app.quit();
      });
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  registerInvokeHandlers(core);
  desktop.attach(core, { show: showMainWindow, current: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null) });
  forwardCoreEvents(core, () => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents] : []));
  const stopWatchingNetwork = watchNetwork({ powerMonitor, net, onOnline: () => core.networkOnline() });

  // Having a listener keeps Electron from quitting by itself; when to quit is decided above.
  app.on('window-all-closed', () => {});
  app.on('activate', showMainWindow);
  quitInOrder(core, () => {
    stopWatchingNetwork();
    desktop.dispose();
    cacheHost.dispose();
  });

  core.start().catch((error: unknown) => console.error('[magpie] the core failed to start', error));
  if (!options.hidden || !desktop.hasTray) showMainWindow();
  return { showMainWindow, openLink: (target) => desktop.openLink(target) };
}

/** Holds the first quit until the core has stopped, then lets it through. */
function quitInOrder(core: Pick<MagpieCoreApi, 'stop'>, afterCoreStopped: () => void): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS));
    Promise.race([core.stop(), grace])
      .catch((error: unknown) => console.error('[magpie] the core did not stop cleanly', error))
      .finally(() => {
        afterCoreStopped();
        phase = 'stopped';
        app.quit();
      });
  });
}
