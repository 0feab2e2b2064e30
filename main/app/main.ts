import path from 'node:path';
import { app, protocol, shell } from 'electron';
import { registerAppScheme } from './app-protocol';
import { DeepLinkRouter, findDeepLink, registerProtocolClient } from './deep-links';
import { HIDDEN_ARG } from './login-item';
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
const links = new DeepLinkRouter((message) => console.warn(`[magpie] ${message}`));

const secondLaunch = (argv: string[]) => {
  const link = findDeepLink(argv);
  // A link opens its conversation (which shows the window); a plain second launch shows the window.
  if (!(link && links.deliver(link))) running?.showMainWindow();
};

if (claimSingleInstance(app, secondLaunch)) {
  // macOS hands links over as events, possibly before `ready`, so this cannot wait.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.deliver(url);
  });
  registerProtocolClient(app, process, (file) => path.resolve(file));
  // Windows and Linux start us with the link on the command line.
  const launchLink = findDeepLink(process.argv);
  if (launchLink) links.deliver(launchLink);

  // Before any window exists, so no web contents (windows, devtools, popups) escapes the guards.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, shell));
  if (process.platform === 'win32') app.setAppUserModelId('im.magpie.desktop');

  app
    .whenReady()
    .then(() => {
      // Started at login: straight to the tray (macOS says so itself; elsewhere the login item passes the flag).
      const hidden = process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
      running = startMagpie({ hidden: hidden && !launchLink });
      const started = running;
      links.attach((target) => started.openLink(target));
    })
    .catch((error: unknown) => {
      console.error('[magpie] failed to start', error);
      app.exit(1);
    });
}
