import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { desktopText } from '../core/notifications/desktop-strings';
import type { NotificationChange } from '../core/notifications/notifier';
import { flashForNewMessage, showUnreadBadge, stopFlashing } from './badge';
import { attachAttention, watchMainWindow } from './notifier-attention';
import { MagpieTray, type TrayElectron } from './tray';
import { renderTrayIcon, toNativePixelOrder } from './tray-icon';

vi.mock('electron', () => ({}));

function fakeElectron() {
  const trays: FakeTray[] = [];
  class FakeTray extends EventEmitter {
    image: unknown;
    setImage = vi.fn((image: unknown) => (this.image = image));
    setToolTip = vi.fn();
    setTitle = vi.fn();
    setContextMenu = vi.fn();
    destroy = vi.fn();
    constructor(image: unknown) {
      super();
      this.image = image;
      trays.push(this);
    }
  }
  const electron = {
    Tray: FakeTray,
    Menu: { buildFromTemplate: vi.fn((template: Array<{ label?: string; click?: () => void }>) => ({ template })) },
    nativeImage: { createFromBitmap: vi.fn((buffer: Buffer, options: object) => ({ buffer, options })) },
  };
  return { electron: electron as unknown as TrayElectron & typeof electron, trays };
}

function tray(platform: NodeJS.Platform, language: 'en' | 'zh-CN' = 'en') {
  const { electron, trays } = fakeElectron();
  const onOpen = vi.fn();
  const onQuit = vi.fn();
  const magpieTray = new MagpieTray({ electron, platform, text: desktopText(language), onOpen, onQuit });
  return { magpieTray, fake: trays[0]!, electron, onOpen, onQuit };
}

describe('the tray', () => {
  it('has Open and Quit, in the system language', () => {
    const t = tray('linux', 'zh-CN');
    const menu = t.electron.Menu.buildFromTemplate.mock.calls[0]![0];
    expect(menu.map((item) => item.label)).toEqual(['打开 Magpie', undefined, '退出 Magpie']);
    menu[0]!.click!();
    menu[2]!.click!();
    expect(t.onOpen).toHaveBeenCalledTimes(1);
    expect(t.onQuit).toHaveBeenCalledTimes(1);
    t.fake.emit('click');
    expect(t.onOpen).toHaveBeenCalledTimes(2);
  });

  it('on Linux draws the unread count into the icon and says it in the tooltip', () => {
    const t = tray('linux');
    expect(t.fake.setToolTip).toHaveBeenLastCalledWith('Magpie');
    t.magpieTray.setUnread(7);
    expect(t.fake.setToolTip).toHaveBeenLastCalledWith('Magpie: 7 unread messages');
    const [buffer, options] = t.electron.nativeImage.createFromBitmap.mock.calls.at(-1)!;
    expect(options).toEqual({ width: 32, height: 32, scaleFactor: 1 });
    expect(buffer.equals(toNativePixelOrder(renderTrayIcon(7)))).toBe(true);
    expect(t.fake.image).toEqual({ buffer, options });
    t.magpieTray.setUnread(1);
    expect(t.fake.setToolTip).toHaveBeenLastCalledWith('Magpie: 1 unread message');
    t.magpieTray.setUnread(0);
    expect(t.electron.nativeImage.createFromBitmap.mock.calls.at(-1)![0].equals(toNativePixelOrder(renderTrayIcon(0)))).toBe(true);
  });

  it('does not redraw for an unchanged count', () => {
    const t = tray('linux');
    t.magpieTray.setUnread(3);
    const draws = t.electron.nativeImage.createFromBitmap.mock.calls.length;
    t.magpieTray.setUnread(3);
    expect(t.electron.nativeImage.createFromBitmap.mock.calls.length).toBe(draws);
  });

  it('on macOS shows the count as the tray title; a click opens the menu, not the window', () => {
    const t = tray('darwin');
    t.magpieTray.setUnread(120);
    expect(t.fake.setTitle).toHaveBeenLastCalledWith('99+');
    expect(t.fake.setImage).not.toHaveBeenCalled();
    t.fake.emit('click');
    expect(t.onOpen).not.toHaveBeenCalled();
  });

  it('on Windows keeps the plain icon (a 2x image) and puts the count in the tooltip', () => {
    const t = tray('win32', 'zh-CN');
    t.magpieTray.setUnread(4);
    expect(t.fake.setToolTip).toHaveBeenLastCalledWith('Magpie：4 条未读消息');
    expect(t.fake.setImage).not.toHaveBeenCalled();
    expect(t.electron.nativeImage.createFromBitmap.mock.calls[0]![1]).toEqual({ width: 32, height: 32, scaleFactor: 2 });
  });
});

describe('the badge and the taskbar', () => {
  it('sets the badge count on macOS and Linux only', () => {
    for (const [platform, expected] of [['darwin', true], ['linux', true], ['win32', false]] as const) {
      const app = { setBadgeCount: vi.fn(() => true) };
      showUnreadBadge(app, platform, 5);
      expect(app.setBadgeCount.mock.calls.length > 0).toBe(expected);
    }
  });

  it('flashes the window on Windows for a new message while it is in the background, and stops on focus', () => {
    const window = { isDestroyed: () => false, isFocused: vi.fn(() => false), flashFrame: vi.fn() };
    flashForNewMessage(window, 'win32');
    expect(window.flashFrame).toHaveBeenLastCalledWith(true);
    window.isFocused.mockReturnValue(true);
    flashForNewMessage(window, 'win32');
    expect(window.flashFrame).toHaveBeenCalledTimes(1);
    stopFlashing(window, 'win32');
    expect(window.flashFrame).toHaveBeenLastCalledWith(false);
    const elsewhere = { isDestroyed: () => false, isFocused: () => false, flashFrame: vi.fn() };
    flashForNewMessage(elsewhere, 'linux');
    flashForNewMessage(null, 'win32');
    expect(elsewhere.flashFrame).not.toHaveBeenCalled();
  });
});

describe('attention: the core’s feed on the desktop', () => {
  function feed() {
    const changes = new Set<(change: NotificationChange) => void>();
    const totals = new Set<(total: number) => void>();
    return {
      onChange: (listener: (change: NotificationChange) => void) => (changes.add(listener), () => changes.delete(listener)),
      onUnreadTotal: (listener: (total: number) => void) => (totals.add(listener), listener(0), () => totals.delete(listener)),
      windowUnfocused: vi.fn(),
      change: (change: NotificationChange) => changes.forEach((listener) => listener(change)),
      total: (total: number) => totals.forEach((listener) => listener(total)),
    };
  }

  it('puts the total on the tray and badge, shows notifications and flashes for them', () => {
    const f = feed();
    const notifications = { apply: vi.fn(), closeAll: vi.fn() };
    const trayFake = { setUnread: vi.fn(), destroy: vi.fn() };
    const app = { setBadgeCount: vi.fn(() => true) };
    const window = { isDestroyed: () => false, isFocused: () => false, flashFrame: vi.fn() };
    const detach = attachAttention({ feed: f, notifications, tray: trayFake, app, platform: 'win32', mainWindow: () => window as never });
    f.total(3);
    expect(trayFake.setUnread.mock.calls).toEqual([[0], [3]]);
    const show: NotificationChange = { type: 'show', notification: { tag: 'summary', title: 'Magpie', body: 'x', silent: false, target: null } };
    f.change(show);
    f.change({ type: 'close', tag: 'summary' });
    expect(notifications.apply.mock.calls).toEqual([[show], [{ type: 'close', tag: 'summary' }]]);
    expect(window.flashFrame).toHaveBeenCalledTimes(1);
    detach();
    f.total(9);
    expect(trayFake.setUnread).toHaveBeenCalledTimes(2);
    expect(notifications.closeAll).toHaveBeenCalled();
    expect(trayFake.destroy).toHaveBeenCalled();
  });

  it('closing the window hides it while close-to-tray is on; otherwise it closes', () => {
    const window = Object.assign(new EventEmitter(), { hide: vi.fn(), isDestroyed: () => false, flashFrame: vi.fn() });
    let hideOnClose = true;
    const f = feed();
    watchMainWindow(window as never, { platform: 'win32', feed: f, hideOnClose: () => hideOnClose });
    const first = { preventDefault: vi.fn() };
    window.emit('close', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalled();
    hideOnClose = false;
    const second = { preventDefault: vi.fn() };
    window.emit('close', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    window.emit('blur');
    window.emit('hide');
    expect(f.windowUnfocused).toHaveBeenCalledTimes(2);
    window.emit('focus');
    expect(window.flashFrame).toHaveBeenCalledWith(false);
  });
});
