import type { Session, Shell, WebContents } from 'electron';
import { isAppUrl, isWebUrl } from './app-origin';

/**
 * The guards every web contents gets, in one place (Signal's handleCommonWindowEvents, widened to
 * all web contents through `app.on('web-contents-created')` so no window can be forgotten).
 * A page of ours may only ever show our own origin; the web opens in the user's browser.
 */

export type ExternalOpener = Pick<Shell, 'openExternal'>;

/** Permissions a page of ours may use. Everything else (camera, geolocation, HID...) is refused. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string | null | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

export function guardWebContents(contents: WebContents, shell: ExternalOpener): void {
  // A click on a plain link would replace the app with a web page: open it outside instead.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openOutside(event.url, shell);
  });
  // Redirects are never user intent; anything leaving our origin is simply stopped.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // window.open / target=_blank: no new Electron window ever; http(s) goes to the browser.
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, shell);
    return { action: 'deny' };
  });
  // <webview> would be a second, unguarded browser inside the app.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  guardSession(contents.session);
}

const guardedSessions = new WeakSet<Session>();

/** Sessions are shared between windows; their handlers are installed once per session. */
export function guardSession(session: Session): void {
  if (guardedSessions.has(session)) return;
  guardedSessions.add(session);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl ?? contents.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}

function openOutside(url: string, shell: ExternalOpener): void {
  if (!isWebUrl(url)) {
    console.warn('[security] refused to open a non-web URL', safeForLog(url));
    return;
  }
  shell.openExternal(url).catch((error: unknown) => console.warn('[security] openExternal failed', error));
}

/** URLs may carry tokens in their query; log the scheme and host only. */
function safeForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '<unparsable url>';
  }
}
