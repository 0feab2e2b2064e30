import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DesktopNotifications, type NotificationClass } from './notifier';

vi.mock('electron', () => ({}));

function fakeNotificationClass(supported = true) {
  const created: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => supported;
    show = vi.fn();
    close = vi.fn(() => this.emit('close'));
    constructor(readonly options: { title: string; body: string; silent: boolean }) {
      super();
      created.push(this);
    }
  }
  return { NotificationClass: FakeNotification as unknown as NotificationClass, created };
}

const note = (tag: string, body: string) => ({ tag, title: 'Launch team', body, silent: true, target: { conversationId: 'c1' } });

describe('Electron notifications', () => {
  it('shows what the core asks, one per tag: the next replaces the last', () => {
    const { NotificationClass, created } = fakeNotificationClass();
    const notifications = new DesktopNotifications({ Notification: NotificationClass, onClick: vi.fn() });
    notifications.apply({ type: 'show', notification: note('conversation:c1', 'one') });
    notifications.apply({ type: 'show', notification: note('conversation:c1', 'two') });
    notifications.apply({ type: 'show', notification: note('conversation:c2', 'three') });
    expect(created.map((n) => n.options)).toEqual([
      { title: 'Launch team', body: 'one', silent: true },
      { title: 'Launch team', body: 'two', silent: true },
      { title: 'Launch team', body: 'three', silent: true },
    ]);
    expect(created.map((n) => n.show.mock.calls.length)).toEqual([1, 1, 1]);
    expect(created.map((n) => n.close.mock.calls.length)).toEqual([1, 0, 0]);
    notifications.apply({ type: 'close', tag: 'conversation:c2' });
    expect(created[2]!.close).toHaveBeenCalled();
    notifications.closeAll();
    expect(created[1]!.close).toHaveBeenCalled();
  });

  it('a click reports its tag once', () => {
    const { NotificationClass, created } = fakeNotificationClass();
    const onClick = vi.fn();
    const notifications = new DesktopNotifications({ Notification: NotificationClass, onClick });
    notifications.apply({ type: 'show', notification: note('conversation:c1', 'hi') });
    created[0]!.emit('click');
    expect(onClick).toHaveBeenCalledWith('conversation:c1');
    // Already gone: withdrawing it later does not close it twice.
    notifications.apply({ type: 'close', tag: 'conversation:c1' });
    expect(created[0]!.close).not.toHaveBeenCalled();
  });

  it('where the OS has no notifications, nothing is shown and nothing breaks', () => {
    const { NotificationClass, created } = fakeNotificationClass(false);
    const notifications = new DesktopNotifications({ Notification: NotificationClass, onClick: vi.fn() });
    notifications.apply({ type: 'show', notification: note('summary', 'x') });
    expect(created).toEqual([]);
  });
});
