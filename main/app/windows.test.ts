import type { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';

/** What the fake BrowserWindow below records. */
type MadeWindow = EventEmitter & { options: { show?: boolean; webPreferences: Record<string, unknown> }; loadURL: Mock; show: Mock };
const created = vi.hoisted(() => [] as MadeWindow[]);

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { vi: spy } = await import('vitest');
  class BrowserWindow extends Emitter {
    loadURL = spy.fn(async () => {});
    show = spy.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      created.push(this as never);
    }
  }
  return { BrowserWindow };
});

const { createCacheHostWindow, createMainWindow, isolatedWebPreferences } = await import('./windows');

beforeEach(() => {
  created.length = 0;
});

function expectIsolated(preferences: Record<string, unknown>, preload: string) {
  expect(preferences.preload).toBe(preload);
  expect(preferences.contextIsolation).toBe(true);
  expect(preferences.sandbox).toBe(true);
  expect(preferences.nodeIntegration).toBe(false);
  expect(preferences.nodeIntegrationInWorker).toBe(false);
  expect(preferences.nodeIntegrationInSubFrames).toBe(false);
  expect(preferences.webSecurity).toBe(true);
  expect(preferences.webviewTag).toBe(false);
  expect(preferences.allowRunningInsecureContent).toBe(false);
}

describe('windows', () => {
  it('opens the main window isolated, sandboxed, with the bridge preload, on app://magpie/', () => {
    const window = createMainWindow('/app/out/preload/preload.cjs') as unknown as MadeWindow;
    const [made] = created;
    expectIsolated(made!.options.webPreferences, '/app/out/preload/preload.cjs');
    expect(made!.options.show).toBe(false);
    expect(made!.loadURL).toHaveBeenCalledWith('app://magpie/');
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('opens the cache host hidden, isolated and unthrottled, with its own preload', () => {
    createCacheHostWindow('/app/out/preload/cache-host.cjs');
    const [made] = created;
    expectIsolated(made!.options.webPreferences, '/app/out/preload/cache-host.cjs');
    expect(made!.options.show).toBe(false);
    expect(made!.options.webPreferences.backgroundThrottling).toBe(false);
    expect(made!.loadURL).toHaveBeenCalledWith('app://magpie/cache-host/');
  });

  it('shares one set of isolated preferences', () => {
    expectIsolated({ ...isolatedWebPreferences('/p.cjs') }, '/p.cjs');
  });
});
