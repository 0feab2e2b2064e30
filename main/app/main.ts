import { app, protocol, shell } from 'electron';
import { registerAppScheme } from './app-protocol';
import { startMagpie, type RunningMagpie } from './magpie-app';
import { guardWebContents } from './security';
import { claimSingleInstance } from './single-instance';

/**
 * Electron main's entry (bundled to out/main/app.cjs). What must happen before `ready` happens
 * here, in this order; everything after `ready` lives in magpie-app.ts.
 */

// A profile of its own (tests run several people's Magpie side by side). It must be set before the
// single-instance lock, which is held per profile.
if (process.env.MAGPIE_USER_DATA_DIR) app.setPath('userData', process.env.MAGPIE_USER_DATA_DIR);

// Every renderer is sandboxed, whatever a window's options might say.
app.enableSandbox();
// Chromium fixes scheme privileges at start-up, so this cannot wait for `ready`.
registerAppScheme(protocol);

let running: RunningMagpie | null = null;

if (claimSingleInstance(app, () => running?.showMainWindow())) {
  // Before any window exists, so no web contents (windows, devtools, popups) escapes the guards.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, shell));
  if (process.platform === 'win32') app.setAppUserModelId('im.magpie.desktop');

  app
    .whenReady()
    .then(() => {
      running = startMagpie();
    })
    .catch((error: unknown) => {
      console.error('[magpie] failed to start', error);
      app.exit(1);
    });
}
