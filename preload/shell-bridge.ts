import {
  EVENT_CHANNEL_NAMES,
  INVOKE_CHANNELS,
  INVOKE_CHANNEL_NAMES,
  SHELL_PATHS,
  ShellServerFrameSchema,
  type EventChannel,
  type InvokeChannel,
  type InvokeEnvelope,
  type MagpieBridge,
} from '../shared/ipc';
import { createPageNotifications, openInNewTab } from './shell-notifications';

/**
 * The browser shell's preload: defines `window.magpie` (the same MagpieBridge the Electron preload
 * exposes) over the shell's local socket, and opens the hidden cache-host page, as Electron main
 * does. It runs before the renderer's own scripts.
 */

const TOKEN_KEY = 'magpie.shell.token';

function takeToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    // Keep the token out of the address bar, bookmarks and screenshots; a reload uses sessionStorage.
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function socketUrl(pathname: string, token: string): string {
  const url = new URL(pathname, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}

function failure(code: 'client.offline' | 'ipc.unknown_channel' | 'ipc.invalid_request', message: string): InvokeEnvelope {
  return { ok: false, error: { code, message } };
}

function createShellBridge(token: string): MagpieBridge {
  const pending = new Map<number, (envelope: InvokeEnvelope) => void>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let socket: WebSocket | null = null;
  let nextId = 0;
  let attempt = 0;

  const sendFrame = (frame: string) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
    else queue.push(frame);
  };
  const notifications = createPageNotifications({
    api: typeof Notification === 'undefined' ? undefined : Notification,
    focus: () => window.focus(),
    sendClick: (tag) => sendFrame(JSON.stringify({ type: 'notification.clicked', tag })),
    onFirstGesture: (ask) => {
      const once = () => {
        window.removeEventListener('pointerdown', once, true);
        window.removeEventListener('keydown', once, true);
        ask();
      };
      window.addEventListener('pointerdown', once, true);
      window.addEventListener('keydown', once, true);
    },
  });

  const connect = () => {
    const current = new WebSocket(socketUrl(SHELL_PATHS.bridgeSocket, token));
    socket = current;
    current.addEventListener('open', () => {
      attempt = 0;
      for (const frame of queue.splice(0)) current.send(frame);
    });
    current.addEventListener('message', (event) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const frame = ShellServerFrameSchema.safeParse(raw);
      if (!frame.success) return;
      if (frame.data.type === 'reply') {
        pending.get(frame.data.id)?.(frame.data.envelope);
        pending.delete(frame.data.id);
      } else if (frame.data.type === 'notification') {
        notifications.show(frame.data.notification);
      } else if (frame.data.type === 'notification.close') {
        notifications.close(frame.data.tag);
      } else {
        for (const listener of listeners.get(frame.data.event) ?? []) listener(frame.data.payload);
      }
    });
    current.addEventListener('close', () => {
      // The shell process is gone or restarting: what was asked cannot be answered by it.
      for (const resolve of pending.values()) resolve(failure('client.offline', 'The Magpie shell is not reachable'));
      pending.clear();
      attempt += 1;
      setTimeout(connect, Math.min(10_000, 250 * 2 ** attempt));
    });
  };
  connect();

  return Object.freeze({
    shell: 'browser' as const,
    invoke(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope> {
      if (!INVOKE_CHANNEL_NAMES.includes(channel)) {
        return Promise.resolve(failure('ipc.unknown_channel', `Unknown channel ${String(channel)}`));
      }
      if (channel === 'app.openExternal') {
        // Here, not in the shell process: only the page can open a tab, and only now, while the
        // user's click still counts.
        const parsed = INVOKE_CHANNELS['app.openExternal'].request.safeParse(request);
        const opened = parsed.success && openInNewTab(parsed.data.url, (url, target, features) => window.open(url, target, features));
        return Promise.resolve(opened ? { ok: true, value: {} } : failure('ipc.invalid_request', 'url: http(s) only'));
      }
      const id = nextId++;
      const frame = JSON.stringify({ type: 'invoke', id, channel, request });
      return new Promise<InvokeEnvelope>((resolve) => {
        pending.set(id, resolve);
        sendFrame(frame);
      });
    },
    on(event: EventChannel, listener: (payload: unknown) => void): () => void {
      if (!EVENT_CHANNEL_NAMES.includes(event)) return () => undefined;
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
}

function openCacheHost(token: string): void {
  const frame = document.createElement('iframe');
  frame.src = `${SHELL_PATHS.cacheHostPage}#token=${encodeURIComponent(token)}`;
  frame.title = 'Magpie cache';
  frame.hidden = true;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  document.documentElement.appendChild(frame);
}

const token = takeToken();
if (token) {
  Object.defineProperty(window, 'magpie', { value: createShellBridge(token), writable: false, configurable: false });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => openCacheHost(token));
  else openCacheHost(token);
}
