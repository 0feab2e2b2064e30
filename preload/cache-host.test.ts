import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { on: vi.fn(), invoke: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

const postMessage = vi.fn();
beforeAll(async () => {
  vi.stubGlobal('window', { postMessage });
  vi.stubGlobal('location', { origin: 'app://magpie' });
  await import('./cache-host');
});
afterAll(() => vi.unstubAllGlobals());

describe('the cache host preload', () => {
  it('exposes nothing to the page', () => {
    expect(electron.contextBridge.exposeInMainWorld).not.toHaveBeenCalled();
  });

  it('hands the port from main to the page, to its own origin only', () => {
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('magpie:cache-port', expect.any(Function));
    const handler = electron.ipcRenderer.on.mock.calls[0]![1] as (event: { ports: unknown[] }) => void;
    const port = { start: () => {} };
    handler({ ports: [port] });
    expect(postMessage).toHaveBeenCalledWith({ type: 'magpie:cache-port' }, 'app://magpie', [port]);
  });

  it('ignores a message without a port', () => {
    postMessage.mockClear();
    const handler = electron.ipcRenderer.on.mock.calls[0]![1] as (event: { ports: unknown[] }) => void;
    handler({ ports: [] });
    expect(postMessage).not.toHaveBeenCalled();
  });
});
