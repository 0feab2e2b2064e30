import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { ShellServerFrameSchema } from '../../shared/ipc';
import type { MagpieCoreApi } from '../core/host';
import type { NotificationChange } from '../core/notifications/notifier';
import { BridgeSockets } from './bridge-socket';

class FakePageSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: unknown[] = [];
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  fromPage(frame: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(frame)));
  }
}

function setup() {
  const changeListeners = new Set<(change: NotificationChange) => void>();
  const notifications = {
    onChange: (listener: (change: NotificationChange) => void) => {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onUnreadTotal: () => () => {},
    clicked: vi.fn(),
    open: vi.fn(),
    windowUnfocused: vi.fn(),
  };
  const core = { on: () => () => {}, invoke: vi.fn(async () => ({ ok: true, value: {} })), notifications } as unknown as MagpieCoreApi;
  const bridges = new BridgeSockets(core);
  const pages = [new FakePageSocket(), new FakePageSocket()];
  for (const page of pages) bridges.accept(page as never);
  const change = (c: NotificationChange) => {
    for (const listener of changeListeners) listener(c);
  };
  return { bridges, pages, change, notifications, core };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const notification = { tag: 'conversation:c1', title: 'Launch team', body: 'Bob: hi', silent: false, target: { conversationId: 'c1', seq: 4 } };

describe('notifications in the browser shell', () => {
  it('go to every page on the shell’s own frames, which the page’s schema accepts', () => {
    const { pages, change } = setup();
    change({ type: 'show', notification });
    change({ type: 'close', tag: 'conversation:c1' });
    for (const page of pages) {
      expect(page.sent).toEqual([
        { type: 'notification', notification },
        { type: 'notification.close', tag: 'conversation:c1' },
      ]);
      for (const frame of page.sent) expect(ShellServerFrameSchema.safeParse(frame).success).toBe(true);
    }
  });

  it('a click on the page comes back to the core as that tag, and gets no reply', async () => {
    const { pages, notifications, core } = setup();
    pages[0]!.fromPage({ type: 'notification.clicked', tag: 'conversation:c1' });
    await settle();
    expect(notifications.clicked).toHaveBeenCalledWith('conversation:c1');
    expect(core.invoke).not.toHaveBeenCalled();
    expect(pages[0]!.sent).toEqual([]);
  });

  it('malformed click frames and server-only frames from a page are dropped', async () => {
    const { pages, notifications, core } = setup();
    for (const frame of [
      { type: 'notification.clicked' },
      { type: 'notification.clicked', tag: '' },
      { type: 'notification.clicked', tag: 'x'.repeat(101) },
      { type: 'notification.clicked', tag: 42 },
      { type: 'notification', notification },
      { type: 'notification.close', tag: 'conversation:c1' },
    ]) {
      pages[0]!.fromPage(frame);
    }
    await settle();
    expect(notifications.clicked).not.toHaveBeenCalled();
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('stop reaching pages once the shell closes its bridges', () => {
    const { bridges, pages, change } = setup();
    bridges.close();
    change({ type: 'show', notification });
    for (const page of pages) expect(page.sent).toEqual([]);
  });
});
