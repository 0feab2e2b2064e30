import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The order of calls the entry makes into Electron, so the test can check what runs before `ready`. */
const calls = vi.hoisted(() => ({ log: [] as string[], gotLock: true, ready: null as null | (() => void) }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    enableSandbox: () => calls.log.push('enableSandbox'),
    requestSingleInstanceLock: () => {
      calls.log.push('requestSingleInstanceLock');
      return calls.gotLock;
    },
    quit: () => calls.log.push('quit'),
    exit: () => calls.log.push('exit'),
    setAppUserModelId: () => {},
    setAsDefaultProtocolClient: (scheme: string) => calls.log.push(`setAsDefaultProtocolClient ${scheme}`),
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    setPath: (name: string, value: string) => calls.log.push(`setPath ${name} ${value}`),
    whenReady: () =>
      new Promise<void>((resolve) => {
        calls.log.push('whenReady');
        calls.ready = resolve;
      }),
  });
  const protocol = { registerSchemesAsPrivileged: () => calls.log.push('registerSchemesAsPrivileged') };
  return { app, protocol, shell: { openExternal: async () => {} } };
});

vi.mock('./magpie-app', () => ({
  startMagpie: (options: { hidden?: boolean }) => {
    calls.log.push(`startMagpie${options?.hidden ? ' hidden' : ''}`);
    return {
      showMainWindow: () => calls.log.push('showMainWindow'),
      openLink: (target: { conversationId: string; seq?: number }) => calls.log.push(`openLink ${JSON.stringify(target)}`),
    };
  },
}));

async function launch(gotLock: boolean) {
  calls.log = [];
  calls.gotLock = gotLock;
  calls.ready = null;
  vi.resetModules();
  const { app } = (await import('electron')) as unknown as { app: EventEmitter };
  app.removeAllListeners();
  await import('./main');
  return app;
}

beforeEach(() => {
  vi.resetModules();
});

describe('the Electron entry', () => {
  it('sandboxes every renderer and registers app:// before anything else', async () => {
    await launch(true);
    expect(calls.log.slice(0, 2)).toEqual(['enableSandbox', 'registerSchemesAsPrivileged']);
    expect(calls.log.indexOf('registerSchemesAsPrivileged')).toBeLessThan(calls.log.indexOf('whenReady'));
  });

  it('takes its profile folder from MAGPIE_USER_DATA_DIR before claiming the single-instance lock', async () => {
    process.env.MAGPIE_USER_DATA_DIR = '/tmp/magpie-profile-a';
    try {
      await launch(true);
    } finally {
      delete process.env.MAGPIE_USER_DATA_DIR;
    }
    expect(calls.log.indexOf('setPath userData /tmp/magpie-profile-a')).toBeGreaterThanOrEqual(0);
    expect(calls.log.indexOf('setPath userData /tmp/magpie-profile-a')).toBeLessThan(calls.log.indexOf('requestSingleInstanceLock'));
  });

  it('quits a second instance without starting anything', async () => {
    await launch(false);
    expect(calls.log).toContain('quit');
    expect(calls.log).not.toContain('whenReady');
    await Promise.resolve();
    expect(calls.log).not.toContain('startMagpie');
  });

  it('starts Magpie when ready, and brings its window forward on a second launch', async () => {
    const app = await launch(true);
    expect(app.listenerCount('web-contents-created')).toBe(1);
    calls.ready?.();
    await vi.waitFor(() => expect(calls.log).toContain('startMagpie'));
    app.emit('second-instance', {}, ['magpie']);
    expect(calls.log).toContain('showMainWindow');
  });

  it('registers as the magpie:// handler and opens conversation links from a second launch and from macOS', async () => {
    const app = await launch(true);
    expect(calls.log).toContain('setAsDefaultProtocolClient magpie');
    // A link that arrives before the app is ready waits for it.
    app.emit('open-url', { preventDefault: () => {} }, 'magpie://conversation/early');
    calls.ready?.();
    await vi.waitFor(() => expect(calls.log).toContain('openLink {"conversationId":"early"}'));
    calls.log = [];
    app.emit('second-instance', {}, ['/opt/Magpie/magpie', '--', 'magpie://conversation/c42/']);
    app.emit('open-url', { preventDefault: () => {} }, 'magpie://conversation/c43?seq=9');
    expect(calls.log).toEqual(['openLink {"conversationId":"c42"}', 'openLink {"conversationId":"c43","seq":9}']);
  });

  it('ignores links that are not conversation links, and just shows the window', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const app = await launch(true);
    calls.ready?.();
    await vi.waitFor(() => expect(calls.log).toContain('startMagpie'));
    calls.log = [];
    app.emit('second-instance', {}, ['magpie', 'magpie://settings/../../etc']);
    app.emit('open-url', { preventDefault: () => {} }, 'magpie://conversation/a%2Fb');
    expect(calls.log).toEqual(['showMainWindow']);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('starts in the tray when the login item started it', async () => {
    process.argv.push('--hidden');
    try {
      await launch(true);
      calls.ready?.();
      await vi.waitFor(() => expect(calls.log).toContain('startMagpie hidden'));
    } finally {
      process.argv.pop();
    }
  });
});
