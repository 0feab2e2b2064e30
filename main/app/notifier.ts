import type { Notification, NotificationConstructorOptions } from 'electron';
import type { DesktopNotification } from '../../shared/ipc';
import type { NotificationChange } from '../core/notifications/notifier';

export interface NotificationClass {
  new (options: NotificationConstructorOptions): Notification;
  isSupported(): boolean;
}

/**
 * Shows the core's notifications with Electron's Notification: one per tag, a newer one
 * replacing the older. Each is kept referenced until it is closed, or the garbage collector
 * could take it and its click handler with it.
 */
export class DesktopNotifications {
  private readonly showing = new Map<string, Notification>();

  constructor(
    private readonly options: {
      Notification: NotificationClass;
      /** The user clicked the notification with this tag. */
      onClick: (tag: string) => void;
      log?: (message: string, detail?: unknown) => void;
    },
  ) {}

  apply(change: NotificationChange): void {
    if (change.type === 'close') this.close(change.tag);
    else this.show(change.notification);
  }

  closeAll(): void {
    for (const tag of [...this.showing.keys()]) this.close(tag);
  }

  private show(notification: DesktopNotification): void {
    const { Notification: NotificationClass } = this.options;
    if (!NotificationClass.isSupported()) return;
    this.close(notification.tag);
    const shown = new NotificationClass({ title: notification.title, body: notification.body, silent: notification.silent });
    shown.on('click', () => {
      this.forget(notification.tag, shown);
      this.options.onClick(notification.tag);
    });
    // Dismissed in the OS: nothing more to do with it.
    shown.on('close', () => this.forget(notification.tag, shown));
    shown.on('failed', (_event, error) => {
      this.forget(notification.tag, shown);
      this.options.log?.('the OS could not show a notification', error);
    });
    this.showing.set(notification.tag, shown);
    shown.show();
  }

  private close(tag: string): void {
    const shown = this.showing.get(tag);
    if (!shown) return;
    this.showing.delete(tag);
    shown.close();
  }

  private forget(tag: string, notification: Notification): void {
    if (this.showing.get(tag) === notification) this.showing.delete(tag);
  }
}
