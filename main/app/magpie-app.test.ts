import type { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreOptions } from '../core/host';

/** Everything the fakes below record. */
const world = vi.hoisted(() => ({
  windows: [] as any[],
  handled: [] as string[],
  coreOptions: null as CoreOptions | null,
  trays: [] as any[],
  notifications: [] as any[],
  core: null as any,
  sockets: [] as string[],
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { vi: spy } = await import('vitest');
  class FakePort extends Emitter {
    postMessage = spy.fn();
    start = spy.fn();
    close = spy.fn();
  }
  class BrowserWindow extends Emitter {
    destroyed = false;
    url = '';
    webContents = Object.assign(new Emitter(), {
      send: spy.fn(),
      postMessage: spy.fn(),
      isDestroyed: () => this.destroyed,
      getURL: () => this.url,
    });
    loadURL = spy.fn(async (url: string) => {
      this.url = url;
    });
    show = spy.fn();
    hide = spy.fn();
    focus = spy.fn();
    isFocused = () => false;
    flashFrame = spy.fn();
    restore = spy.fn();
    isMinimized = () => false;
    isDestroyed = () => this.destroyed;
    destroy = () => {
      this.destroyed = true;
      this.emit('closed');
    };
    constructor(readonly options: any) {
      super();
      world.windows.push(this);
    }
  }
  const app = Object.assign(new Emitter(), {
    getAppPath: () => '/opt/magpie/resources/app.asar',
    getPath: () => '/home/ann/.config/Magpie',
    getVersion: () => '0.1.0',
    quit: spy.fn(),
    getLocale: () => 'zh-CN',
    setBadgeCount: spy.fn(),
    setLoginItemSettings: spy.fn(),
  });
  class Tray extends Emitter {
    setImage = spy.fn();
    setToolTip = spy.fn();
    setTitle = spy.fn();
    setContextMenu = spy.fn();
    destroy = spy.fn();
    constructor() {
      super();
      world.trays.push(this);
    }
  }
  class Notification extends Emitter {
    static isSupported = () => true;
    show = spy.fn();
    close = spy.fn();
    constructor(readonly options: any) {
      super();
      world.notifications.push(this);
    }
  }
  return {
    app,
    BrowserWindow,
    MessageChannelMain: class {
      port1 = new FakePort();
      port2 = new FakePort();
    },
    net: { isOnline: () => true },
    powerMonitor: new Emitter(),
    protocol: { handle: spy.fn((scheme: string) => world.handled.push(scheme)) },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: spy.fn(), decryptString: spy.fn() },
    shell: { openPath: spy.fn(async () => ''), showItemInFolder: spy.fn() },
    ipcMain: { handle: spy.fn(), removeHandler: spy.fn() },
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromBitmap: (buffer: Buffer, options: unknown) => ({ buffer, options }) },
  };
});

vi.mock('ws', () => ({
  default: class {
    constructor(url: string) {
      world.sockets.push(url);
    }
  },
}));

vi.mock('../core/index', async () => {
  const { vi: spy } = await import('vitest');
  return {
    createMagpieCore: (options: CoreOptions) => {
      world.coreOptions = options;
      const listeners = new Map<string, (payload: unknown) => void>();
      let finishStop: () => void = () => {};
      world.core = {
        listeners,
        finishStop: () => finishStop(),
        start: spy.fn(async () => {}),
        stop: spy.fn(() => new Promise<void>((resolve) => (finishStop = resolve))),
        invoke: spy.fn(async (channel: string) =>
          channel === 'settings.get'
            ? { ok: true, value: { notifications: { enabled: true, sound: true, mode: 'all', dndUntil: null }, startAtLogin: false, closeToTray: true } }
            : { ok: true, value: {} },
        ),
        networkOnline: spy.fn(),
        feed: null as any,
        notifications: {
          onChange: (listener: (change: unknown) => void) => {
            world.core.feed = { ...world.core.feed, change: listener };
            return () => {};
          },
          onUnreadTotal: (listener: (total: number) => void) => {
            world.core.feed = { ...world.core.feed, total: listener };
            listener(0);
            return () => {};
          },
          clicked: spy.fn(),
          open: spy.fn(),
          windowUnfocused: spy.fn(),
        },
        on: (event: string, listener: (payload: unknown) => void) => {
          listeners.set(event, listener);
          return () => listeners.delete(event);
        },
      };
      return world.core;
    },
  };
});

const electron = (await import('electron')) as any;
const { CacheRpcClient } = await import('../core/cache/rpc-client');
const { SafeStorageSecretStore } = await import('./secret-store');
const { startMagpie } = await import('./magpie-app');

let running: ReturnType<typeof startMagpie>;
beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  running = startMagpie();
});

const cacheHostWindow = () => world.windows.find((window) => window.options.webPreferences.preload.endsWith('cache-host.cjs'));
const mainWindow = () => world.windows.find((window) => window.options.webPreferences.preload.endsWith('preload.cjs') && !window.destroyed);

describe('the running app', () => {
  it('serves app:// and opens the hidden cache host and the main window with their preloads', () => {
    expect(world.handled).toEqual(['app', 'magpie-media']);
    expect(cacheHostWindow().options.webPreferences.preload).toBe('/opt/magpie/resources/app.asar/out/preload/cache-host.cjs');
    expect(cacheHostWindow().loadURL).toHaveBeenCalledWith('app://magpie/cache-host/');
    expect(mainWindow().options.webPreferences.preload).toBe('/opt/magpie/resources/app.asar/out/preload/preload.cjs');
    expect(mainWindow().loadURL).toHaveBeenCalledWith('app://magpie/');
  });

  it('gives the core its seams: cache RPC client, safeStorage secrets, ws sockets', () => {
    const options = world.coreOptions!;
    expect(options.defaultServerUrl).toBe(process.env.MAGPIE_SERVER_URL ?? 'http://127.0.0.1:8787');
    expect(options.cache).toBeInstanceOf(CacheRpcClient);
    expect(options.secrets).toBeInstanceOf(SafeStorageSecretStore);
    expect(options).toMatchObject({ appVersion: '0.1.0', shell: 'electron', platform: process.platform });
    options.createSocket('ws://127.0.0.1:8787/socket');
    expect(world.sockets).toEqual(['ws://127.0.0.1:8787/socket']);
    expect(world.core.start).toHaveBeenCalled();
  });

  it('serves every invoke channel and forwards core events to the main window', () => {
    expect(electron.ipcMain.handle).toHaveBeenCalledWith('magpie:invoke:session.get', expect.any(Function));
    world.core.listeners.get('messages.changed')({ conversationId: 'c1' });
    expect(mainWindow().webContents.send).toHaveBeenCalledWith('magpie:event:messages.changed', { conversationId: 'c1' });
    expect(cacheHostWindow().webContents.send).not.toHaveBeenCalled();
  });

  it('wires the cache host’s port to the RPC client after the page loads', () => {
    cacheHostWindow().webContents.emit('did-finish-load');
    expect(cacheHostWindow().webContents.postMessage).toHaveBeenCalledWith('magpie:cache-port', null, [expect.anything()]);
  });

  it('reconnects at once when the machine wakes up', () => {
    (electron.powerMonitor as EventEmitter).emit('resume');
    expect(world.core.networkOnline).toHaveBeenCalled();
  });

  it('brings the existing window forward instead of opening another', () => {
    const count = world.windows.length;
    running.showMainWindow();
    expect(world.windows.length).toBe(count);
    expect(mainWindow().focus).toHaveBeenCalled();
  });

  it('puts the unread total on the tray and the badge, and shows the core’s notifications', () => {
    world.core.feed.total(12);
    expect(world.trays).toHaveLength(1);
    expect(world.trays[0].setToolTip).toHaveBeenLastCalledWith('Magpie：12 条未读消息');
    if (process.platform === 'darwin' || process.platform === 'linux') expect(electron.app.setBadgeCount).toHaveBeenLastCalledWith(12);
    world.core.feed.change({ type: 'show', notification: { tag: 'conversation:c1', title: 'Bob', body: 'hi', silent: false, target: { conversationId: 'c1' } } });
    expect(world.notifications.map((n) => n.options)).toEqual([{ title: 'Bob', body: 'hi', silent: false }]);
    expect(world.notifications[0].show).toHaveBeenCalled();
  });

  it('a clicked notification brings the window forward, then the core opens the conversation', () => {
    mainWindow().emit('ready-to-show');
    mainWindow().focus.mockClear();
    world.notifications[0].emit('click');
    expect(mainWindow().focus).toHaveBeenCalled();
    expect(world.core.notifications.clicked).toHaveBeenCalledWith('conversation:c1');
  });

  it('a magpie:// link does the same', () => {
    running.openLink({ conversationId: 'c9', seq: 3 });
    expect(world.core.notifications.open).toHaveBeenCalledWith({ conversationId: 'c9', seq: 3 });
  });

  it('closing the window keeps Magpie in the tray (close to tray is on by default)', () => {
    const event = { preventDefault: vi.fn() };
    mainWindow().emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(mainWindow().hide).toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('stops the core before the cache host goes, then quits', async () => {
    const app = electron.app as EventEmitter & { quit: ReturnType<typeof vi.fn> };
    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(world.core.stop).toHaveBeenCalledTimes(1);
    expect(cacheHostWindow().destroyed).toBe(false);

    world.core.finishStop();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(cacheHostWindow().destroyed).toBe(true);

    const second = { preventDefault: vi.fn() };
    app.emit('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();

    // Quitting really quits: the window closes instead of hiding, and the tray goes.
    const close = { preventDefault: vi.fn() };
    mainWindow().emit('close', close);
    expect(close.preventDefault).not.toHaveBeenCalled();
    expect(world.trays[0].destroy).toHaveBeenCalled();
  });
});
