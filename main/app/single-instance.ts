import type { App } from 'electron';

/**
 * One Magpie per user: two instances would open two sockets and fight over one cache. The second
 * launch hands over to the first (which comes to the front) and quits.
 */
export type SingleInstanceApp = Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>;

/** True when this process is the one that runs; false when it is quitting in favour of another. */
export function claimSingleInstance(app: SingleInstanceApp, onSecondLaunch: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  return true;
}
