import type { DesktopNotification } from '../shared/ipc/shell-frames';

/** The parts of the page's Notification API this uses (a fake in tests). */
export interface PageNotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options: NotificationOptions): PageNotification;
}
export interface PageNotification {
  onclick: ((event: Event) => void) | null;
  onclose: ((event: Event) => void) | null;
  close(): void;
}

export interface PageNotificationsOptions {
  api: PageNotificationApi | undefined;
  /** Brings this tab to the front. */
  focus: () => void;
  /** Tells the shell (and through it the core) which notification was clicked. */
  sendClick: (tag: string) => void;
  /** Runs `ask` once, at the user's first click or key press (browsers ignore or punish asking unprompted). */
  onFirstGesture: (ask: () => void) => void;
}

/**
 * The browser shell's stand-in for OS notifications: the page shows what the core decided to show,
 * as web Notifications with the same tag (so several tabs still make one banner), and a click
 * focuses the tab and goes back to the core, which answers with `app.navigate`.
 */
export function createPageNotifications(options: PageNotificationsOptions) {
  const { api } = options;
  const showing = new Map<string, PageNotification>();
  if (api && api.permission === 'default') {
    options.onFirstGesture(() => {
      if (api.permission === 'default') void api.requestPermission().catch(() => undefined);
    });
  }

  const forget = (tag: string, notification: PageNotification) => {
    if (showing.get(tag) === notification) showing.delete(tag);
  };

  return {
    show(notification: DesktopNotification): void {
      if (!api || api.permission !== 'granted') return;
      showing.get(notification.tag)?.close();
      const shown = new api(notification.title, { body: notification.body, tag: notification.tag, silent: notification.silent });
      shown.onclick = (event) => {
        event.preventDefault?.();
        options.focus();
        shown.close();
        forget(notification.tag, shown);
        options.sendClick(notification.tag);
      };
      shown.onclose = () => forget(notification.tag, shown);
      showing.set(notification.tag, shown);
    },
    close(tag: string): void {
      const shown = showing.get(tag);
      if (!shown) return;
      showing.delete(tag);
      shown.close();
    },
  };
}

/**
 * `app.openExternal` in the browser shell: a new tab that cannot reach back to this one
 * (noopener, no referrer), opened in the page so the click's user activation lets it through.
 * The app's own tab is never navigated.
 */
export function openInNewTab(url: string, open: (url: string, target: string, features: string) => unknown): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  open(parsed.toString(), '_blank', 'noopener,noreferrer');
  return true;
}
