import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageTransport } from '../core/host';

vi.mock('electron', () => ({}));

const { CACHE_PORT_CHANNEL, CacheHost } = await import('./cache-host');
const { CACHE_PORT_CHANNEL: PRELOAD_CACHE_PORT_CHANNEL } = await import('../../preload/ipc-renderer');

class FakePort extends EventEmitter {
  sent: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  start() {
    this.started = true;
  }
  close() {
    this.closed = true;
  }
}

class FakeWindow extends EventEmitter {
  destroyed = false;
  readonly webContents = Object.assign(new EventEmitter(), { postMessage: vi.fn() });
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
}

function setUp() {
  const windows: FakeWindow[] = [];
  const channels: Array<{ port1: FakePort; port2: FakePort }> = [];
  const attached: MessageTransport[] = [];
  const client = { attach: vi.fn((transport: MessageTransport) => attached.push(transport)), detach: vi.fn() };
  const host = new CacheHost({
    createWindow: () => {
      const window = new FakeWindow();
      windows.push(window);
      return window as never;
    },
    createChannel: () => {
      const channel = { port1: new FakePort(), port2: new FakePort() };
      channels.push(channel);
      return channel as never;
    },
    client,
    restartDelayMs: () => 10,
    log: () => {},
  });
  return { host, windows, channels, attached, client };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the cache host', () => {
  it('sends a port to the page once it has loaded and attaches the other end to the RPC client', () => {
    const { host, windows, channels, attached } = setUp();
    host.start();
    expect(windows).toHaveLength(1);
    expect(channels).toHaveLength(0);

    windows[0]!.webContents.emit('did-finish-load');
    const channel = channels[0]!;
    expect(windows[0]!.webContents.postMessage).toHaveBeenCalledWith(CACHE_PORT_CHANNEL, null, [channel.port2]);
    expect(channel.port1.started).toBe(true);

    const received: unknown[] = [];
    attached[0]!.onMessage((message) => received.push(message));
    channel.port1.emit('message', { data: { type: 'cache.ready' } });
    expect(received).toEqual([{ type: 'cache.ready' }]);
    attached[0]!.send({ type: 'cache.request', id: 1 });
    expect(channel.port1.sent).toEqual([{ type: 'cache.request', id: 1 }]);
  });

  it('gives a reloaded page a fresh channel', () => {
    const { host, windows, channels, attached, client } = setUp();
    host.start();
    windows[0]!.webContents.emit('did-finish-load');
    windows[0]!.webContents.emit('did-finish-load');
    expect(channels).toHaveLength(2);
    expect(channels[0]!.port1.closed).toBe(true);
    expect(client.attach).toHaveBeenCalledTimes(2);
    expect(attached[1]).not.toBe(attached[0]);
    expect(windows).toHaveLength(1);
  });

  it('replaces a crashed page with a new window and a new channel', () => {
    const { host, windows, channels, client } = setUp();
    host.start();
    windows[0]!.webContents.emit('did-finish-load');
    windows[0]!.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });

    expect(windows[0]!.destroyed).toBe(true);
    expect(client.detach).toHaveBeenCalled();
    expect(channels[0]!.port1.closed).toBe(true);
    vi.advanceTimersByTime(10);
    expect(windows).toHaveLength(2);
    windows[1]!.webContents.emit('did-finish-load');
    expect(channels).toHaveLength(2);
    expect(windows[1]!.webContents.postMessage).toHaveBeenCalledWith(CACHE_PORT_CHANNEL, null, [channels[1]!.port2]);
  });

  it('comes back when its window is closed while the app runs', () => {
    const { host, windows } = setUp();
    host.start();
    windows[0]!.destroy();
    vi.advanceTimersByTime(10);
    expect(windows).toHaveLength(2);
  });

  it('goes for good at quit', () => {
    const { host, windows, client } = setUp();
    host.start();
    windows[0]!.webContents.emit('did-finish-load');
    host.dispose();
    expect(windows[0]!.destroyed).toBe(true);
    expect(client.detach).toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(windows).toHaveLength(1);
  });

  it('tells its own window apart from UI windows', () => {
    const { host, windows } = setUp();
    host.start();
    expect(host.owns(windows[0] as never)).toBe(true);
    expect(host.owns(new FakeWindow() as never)).toBe(false);
  });

  it('uses the same port channel name as the cache host’s preload', () => {
    expect(CACHE_PORT_CHANNEL).toBe(PRELOAD_CACHE_PORT_CHANNEL);
  });
});
