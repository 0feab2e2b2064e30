import type { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreOptions } from '../core/host';

/** Everything the fakes below record. */
const world = vi.hoisted(() => ({
  windows: [] as any[],
  handled: [] as string[],
  coreOptions: null as CoreOptions | null,
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
    focus = spy.fn();
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
  });
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
    ipcMain: { handle: spy.fn(), removeHandler: spy.fn() },
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
        invoke: spy.fn(),
        networkOnline: spy.fn(),
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
    expect(world.handled).toEqual(['app']);
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
  });
});
