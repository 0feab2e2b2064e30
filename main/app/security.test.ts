import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// security.ts needs no Electron value, but a stray import must never reach the real package.
vi.mock('electron', () => ({}));

const { guardWebContents, isPermissionGranted } = await import('./security');

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };
type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
type CheckHandler = (contents: unknown, permission: string, requestingOrigin: string) => boolean;

function fakeSession() {
  const session = {
    requestHandler: null as RequestHandler | null,
    checkHandler: null as CheckHandler | null,
    setPermissionRequestHandler: vi.fn((handler: RequestHandler) => (session.requestHandler = handler)),
    setPermissionCheckHandler: vi.fn((handler: CheckHandler) => (session.checkHandler = handler)),
    setDevicePermissionHandler: vi.fn(),
  };
  return session;
}

function guardedContents(session = fakeSession()) {
  const contents = Object.assign(new EventEmitter(), {
    session,
    openHandler: null as OpenHandler | null,
    setWindowOpenHandler: vi.fn((handler: OpenHandler) => (contents.openHandler = handler)),
    getURL: () => 'app://magpie/',
  });
  const shell = { openExternal: vi.fn(async () => {}) };
  guardWebContents(contents as never, shell);
  return { contents, shell, session };
}

function navigation(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('navigation', () => {
  it('lets a page move within our own origin', () => {
    const { contents, shell } = guardedContents();
    const event = navigation('app://magpie/settings');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('keeps a link to the web out of the app and opens it in the browser', () => {
    const { contents, shell } = guardedContents();
    const event = navigation('https://example.com/docs');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'app://magpie.evil/'])('blocks navigation to %s and opens nothing', (url) => {
    const { contents, shell } = guardedContents();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const event = navigation(url);
    contents.emit('will-navigate', event, url);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('stops a redirect that leaves our origin', () => {
    const { contents, shell } = guardedContents();
    const away = navigation('https://evil.example/');
    contents.emit('will-redirect', away, away.url);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
    const home = navigation('app://magpie/index.html');
    contents.emit('will-redirect', home, home.url);
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = guardedContents();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('window.open', () => {
  it('never opens an app window; an https link goes to the browser', () => {
    const { contents, shell } = guardedContents();
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it.each(['file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'smb://host/share', 'app://magpie/'])(
    'refuses %s',
    (url) => {
      const { contents, shell } = guardedContents();
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
      expect(shell.openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('permissions', () => {
  it('grants notifications and sanitized clipboard writes to our origin only', () => {
    expect(isPermissionGranted('notifications', 'app://magpie/')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://magpie')).toBe(true);
    expect(isPermissionGranted('notifications', 'https://evil.example/')).toBe(false);
  });

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'fullscreen'])('refuses %s even to our origin', (permission) => {
    expect(isPermissionGranted(permission, 'app://magpie/')).toBe(false);
  });

  it('answers requests and checks through the session, once per session', () => {
    const session = fakeSession();
    guardedContents(session);
    guardedContents(session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.setDevicePermissionHandler).toHaveBeenCalledTimes(1);

    const answers: boolean[] = [];
    session.requestHandler?.({ getURL: () => '' }, 'notifications', (granted) => answers.push(granted), { requestingUrl: 'app://magpie/' });
    session.requestHandler?.({ getURL: () => '' }, 'media', (granted) => answers.push(granted), { requestingUrl: 'app://magpie/' });
    session.requestHandler?.({ getURL: () => '' }, 'notifications', (granted) => answers.push(granted), { requestingUrl: 'https://x.example/' });
    expect(answers).toEqual([true, false, false]);

    expect(session.checkHandler?.(null, 'notifications', 'app://magpie')).toBe(true);
    expect(session.checkHandler?.(null, 'geolocation', 'app://magpie')).toBe(false);
  });
});
