import path from 'node:path';
import { app, BrowserWindow, MessageChannelMain, net, powerMonitor, protocol, safeStorage } from 'electron';
import WebSocket from 'ws';
import { CacheRpcClient } from '../core/cache/rpc-client';
import type { MagpieCoreApi } from '../core/host';
import { createMagpieCore } from '../core/index';
import { appPaths } from './app-paths';
import { handleAppProtocol } from './app-protocol';
import { CacheHost } from './cache-host';
import { forwardCoreEvents, registerInvokeHandlers } from './ipc-main';
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
}

const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';
/** A core that cannot stop in this time (a hung socket) must not keep the app from quitting. */
const STOP_GRACE_MS = 5_000;

export function startMagpie(): RunningMagpie {
  const paths = appPaths(app.getAppPath());
  handleAppProtocol(protocol, paths);

  const cache = new CacheRpcClient();
  const cacheHost = new CacheHost({
    createWindow: () => createCacheHostWindow(paths.cacheHostPreload),
    createChannel: () => new MessageChannelMain(),
    client: cache,
  });
  cacheHost.start();

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
  });

  let mainWindow: BrowserWindow | null = null;
  const showMainWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow(paths.preload);
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
  forwardCoreEvents(core, () => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents] : []));
  const stopWatchingNetwork = watchNetwork({ powerMonitor, net, onOnline: () => core.networkOnline() });

  // Having a listener keeps Electron from quitting by itself; when to quit is decided above.
  app.on('window-all-closed', () => {});
  app.on('activate', showMainWindow);
  quitInOrder(core, () => {
    stopWatchingNetwork();
    cacheHost.dispose();
  });

  core.start().catch((error: unknown) => console.error('[magpie] the core failed to start', error));
  showMainWindow();
  return { showMainWindow };
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
