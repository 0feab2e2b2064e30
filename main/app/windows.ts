import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_URL, CACHE_HOST_URL } from './app-origin';

/**
 * The two kinds of window Magpie opens. Both run our own pages only, fully isolated: the page
 * gets `window.magpie` from the preload and nothing of Node or Electron.
 */

export function isolatedWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Magpie',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    // Shown once the first paint is ready, so the user never sees a blank white frame.
    show: false,
    webPreferences: isolatedWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_URL).catch((error: unknown) => console.error('[window] the UI failed to load', error));
  return window;
}

/** The hidden page that owns IndexedDB (Dexie). It has no UI and never shows. */
export function createCacheHostWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    width: 400,
    height: 300,
    skipTaskbar: true,
    webPreferences: {
      ...isolatedWebPreferences(preload),
      spellcheck: false,
      // A hidden page must not be slowed down like a background tab: it serves every cache call.
      backgroundThrottling: false,
    },
  });
  window.loadURL(CACHE_HOST_URL).catch((error: unknown) => console.error('[cache-host] the page failed to load', error));
  return window;
}
