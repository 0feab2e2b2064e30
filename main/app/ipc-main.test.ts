import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNELS, INVOKE_CHANNEL_NAMES, type InvokeChannel, type InvokeEnvelope } from '../../shared/ipc';

type Handler = (event: { senderFrame: { url: string } | null }, request: unknown) => Promise<InvokeEnvelope>;

const electron = vi.hoisted(() => ({
  handlers: new Map<string, unknown>(),
  ipcMain: {
    handle: vi.fn(),
    removeHandler: vi.fn(),
    on: vi.fn(),
  },
}));
vi.mock('electron', () => ({ ipcMain: electron.ipcMain }));

const { forwardCoreEvents, registerInvokeHandlers, sendEvent } = await import('./ipc-main');

/** A core that validates like the real one: schema first, envelope always. */
function fakeCore() {
  return {
    invoke: vi.fn(async (channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope> => {
      const parsed = INVOKE_CHANNELS[channel].request.safeParse(request);
      if (!parsed.success) return { ok: false, error: { code: 'ipc.invalid_request', message: 'invalid' } };
      return { ok: true, value: { echoed: parsed.data } };
    }),
  };
}

function handlerFor(channel: InvokeChannel): Handler {
  const handler = electron.handlers.get(`magpie:invoke:${channel}`);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler as Handler;
}

const fromApp = { senderFrame: { url: 'app://magpie/' } };

beforeEach(() => {
  electron.handlers.clear();
  electron.ipcMain.handle.mockReset().mockImplementation((name: string, handler: unknown) => electron.handlers.set(name, handler));
  electron.ipcMain.removeHandler.mockReset();
  electron.ipcMain.on.mockReset();
});

describe('invoke handlers', () => {
  it('registers every channel of the contract and nothing else', () => {
    registerInvokeHandlers(fakeCore());
    const registered = electron.ipcMain.handle.mock.calls.map(([name]) => name).sort();
    expect(registered).toEqual(INVOKE_CHANNEL_NAMES.map((channel) => `magpie:invoke:${channel}`).sort());
    expect(electron.ipcMain.on).not.toHaveBeenCalled();
  });

  it.each([
    ['a web page', 'https://evil.example/'],
    ['a lookalike host', 'app://magpie.evil/'],
    ['a user-info trick', 'app://evil@magpie/'],
    ['another port', 'app://magpie:8080/'],
    ['a local file', 'file:///home/user/page.html'],
    ['an empty frame', 'about:blank'],
  ])('refuses a request from %s and never reaches the core', async (_label, url) => {
    const core = fakeCore();
    registerInvokeHandlers(core);
    const reply = await handlerFor('session.get')({ senderFrame: { url } }, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.forbidden_sender' } });
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('refuses a request whose frame is already gone', async () => {
    const core = fakeCore();
    registerInvokeHandlers(core);
    const reply = await handlerFor('conversations.list')({ senderFrame: null }, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.forbidden_sender' } });
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('hands an invalid request to the core, which validates it, and returns its envelope untouched', async () => {
    const core = fakeCore();
    const envelope: InvokeEnvelope = { ok: false, error: { code: 'ipc.invalid_request', message: 'conversationId is missing' } };
    core.invoke.mockResolvedValueOnce(envelope);
    registerInvokeHandlers(core);

    const reply = await handlerFor('messages.send')(fromApp, { text: 'hi' });

    expect(core.invoke).toHaveBeenCalledWith('messages.send', { text: 'hi' });
    expect(reply).toBe(envelope);
  });

  it('answers a valid request with the core’s own envelope', async () => {
    const core = fakeCore();
    registerInvokeHandlers(core);
    const reply = await handlerFor('users.search')(fromApp, { query: 'ann' });
    expect(reply).toEqual({ ok: true, value: { echoed: { query: 'ann' } } });
  });

  it('turns a throwing core into an error envelope without its message', async () => {
    const core = fakeCore();
    core.invoke.mockRejectedValueOnce(new Error('secret internals'));
    registerInvokeHandlers(core);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const reply = await handlerFor('session.get')(fromApp, {});
    expect(reply).toEqual({ ok: false, error: { code: 'server.internal', message: 'Unexpected error' } });
  });

  it('can use a stricter sender check', async () => {
    const core = fakeCore();
    registerInvokeHandlers(core, () => false);
    const reply = await handlerFor('app.info')(fromApp, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc.forbidden_sender' } });
  });

  it('removes every handler again', () => {
    const dispose = registerInvokeHandlers(fakeCore());
    dispose();
    expect(electron.ipcMain.removeHandler.mock.calls.map(([name]) => name).sort()).toEqual(
      INVOKE_CHANNEL_NAMES.map((channel) => `magpie:invoke:${channel}`).sort(),
    );
  });
});

function fakeContents(url = 'app://magpie/') {
  return { send: vi.fn(), isDestroyed: vi.fn(() => false), getURL: vi.fn(() => url) };
}
type Contents = Parameters<typeof sendEvent>[0];

describe('events to the renderer', () => {
  it('sends a valid event on its own channel', () => {
    const contents = fakeContents();
    expect(sendEvent(contents as unknown as Contents, 'messages.changed', { conversationId: 'c1' })).toBe(true);
    expect(contents.send).toHaveBeenCalledWith('magpie:event:messages.changed', { conversationId: 'c1' });
  });

  it('drops a payload that does not match the event schema', () => {
    const contents = fakeContents();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const invalid = { status: 'exploded' } as unknown as Parameters<typeof sendEvent<'connection.changed'>>[2];
    expect(sendEvent(contents as unknown as Contents, 'connection.changed', invalid)).toBe(false);
    expect(contents.send).not.toHaveBeenCalled();
  });

  it('sends nothing to a destroyed page or to a page that is not ours', () => {
    const gone = fakeContents();
    gone.isDestroyed.mockReturnValue(true);
    const foreign = fakeContents('https://evil.example/');
    for (const contents of [gone, foreign]) {
      expect(sendEvent(contents as unknown as Contents, 'conversations.changed', {})).toBe(false);
      expect(contents.send).not.toHaveBeenCalled();
    }
  });

  it('forwards every core event to every page named at the time', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const core = {
      on: vi.fn((event: string, listener: (payload: unknown) => void) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      }),
    };
    const pages = [fakeContents(), fakeContents()];
    const stop = forwardCoreEvents(core as never, () => pages as unknown as Contents[]);

    expect([...listeners.keys()].sort()).toEqual([...EVENT_CHANNEL_NAMES].sort());
    listeners.get('session.changed')?.({ state: 'signed-out', serverUrl: 'http://127.0.0.1:8787' });
    for (const page of pages) {
      expect(page.send).toHaveBeenCalledWith('magpie:event:session.changed', { state: 'signed-out', serverUrl: 'http://127.0.0.1:8787' });
    }
    stop();
    expect(listeners.size).toBe(0);
  });
});
