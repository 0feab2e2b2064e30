import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, type MagpieBridge } from '../shared/ipc';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
  },
}));
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

let bridge: MagpieBridge;
beforeAll(async () => {
  await import('./index');
  bridge = electron.exposed.get('magpie') as MagpieBridge;
});
beforeEach(() => {
  electron.ipcRenderer.invoke.mockReset();
  electron.ipcRenderer.on.mockReset();
  electron.ipcRenderer.removeListener.mockReset();
});

describe('window.magpie', () => {
  it('is the only thing exposed, and holds exactly shell, invoke and on', () => {
    expect([...electron.exposed.keys()]).toEqual(['magpie']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'shell']);
    expect(bridge.shell).toBe('electron');
  });

  it('forwards a known channel to main and returns main’s envelope', async () => {
    const envelope = { ok: true, value: { state: 'signed-out', serverUrl: 'http://127.0.0.1:8787' } };
    electron.ipcRenderer.invoke.mockResolvedValue(envelope);
    await expect(bridge.invoke('session.get', {})).resolves.toBe(envelope);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('magpie:invoke:session.get', {});
  });

  it.each(['nope', 'constructor', '__proto__', 'magpie:invoke:session.get', 42])('refuses the unknown channel %s', async (channel) => {
    const reply = await bridge.invoke(channel as never, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('answers with an envelope when main has no answer', async () => {
    electron.ipcRenderer.invoke.mockRejectedValue(new Error('No handler registered'));
    await expect(bridge.invoke('app.info', {})).resolves.toMatchObject({ ok: false });
  });

  it('knows every channel of the contract', async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: {} });
    for (const channel of INVOKE_CHANNEL_NAMES) await bridge.invoke(channel, {});
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(INVOKE_CHANNEL_NAMES.length);
  });

  it('passes listeners the payload only, never the IPC event, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.on('messages.changed', listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('magpie:event:messages.changed', expect.any(Function));
    const handler = electron.ipcRenderer.on.mock.calls[0]![1] as (event: unknown, payload: unknown) => void;

    handler({ sender: { send: () => {} }, ports: [] }, { conversationId: 'c1' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ conversationId: 'c1' }]);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('magpie:event:messages.changed', handler);
  });

  it('subscribes to every event of the contract and to nothing else', () => {
    for (const event of EVENT_CHANNEL_NAMES) bridge.on(event, () => {});
    expect(() => bridge.on('magpie:cache-port' as never, () => {})).toThrow(/ipc.unknown_channel/);
    expect(() => bridge.on('session.changed', 'not a function' as never)).toThrow(TypeError);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(EVENT_CHANNEL_NAMES.length);
  });
});
