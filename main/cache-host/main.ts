import { Backoff } from '../core/connection/backoff';
import { createDexieCacheStore } from '../core/cache/dexie-store';
import { serveCache } from '../core/cache/rpc-host';
import { SHELL_PATHS } from '../../shared/ipc/shell-frames';
import { messagePortTransport, webSocketTransport } from './transports';

/**
 * The hidden cache host: owns Dexie/IndexedDB and serves it to main (Electron: a MessagePort
 * handed over by this page's preload; browser shell: a local WebSocket with the launch token).
 * One store lives as long as the page, across transport reconnects.
 */
const store = createDexieCacheStore();
const token = new URLSearchParams(location.hash.slice(1)).get('token');

if (token) serveOverShellSocket(token);
else waitForElectronPort();

function serveOverShellSocket(launchToken: string): void {
  const backoff = new Backoff({ baseMs: 250, capMs: 10_000, random: Math.random });
  const url = new URL(`${SHELL_PATHS.cacheSocket}?token=${encodeURIComponent(launchToken)}`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

  const connect = () => {
    const socket = new WebSocket(url);
    let stop: (() => void) | null = null;
    socket.addEventListener('open', () => {
      backoff.reset();
      stop = serveCache(webSocketTransport(socket), store);
    });
    socket.addEventListener('close', () => {
      stop?.();
      // The shell restarted or dropped us: come back, but do not spin.
      setTimeout(connect, backoff.next());
    });
  };
  connect();
}

function waitForElectronPort(): void {
  let stop: (() => void) | null = null;
  window.addEventListener('message', (event: MessageEvent) => {
    // Only a script of this very window (its preload) can post with itself as the source.
    if (event.source !== window) return;
    const data = event.data as { type?: unknown } | null;
    const port = event.ports[0];
    if (data?.type !== 'magpie:cache-port' || !port) return;
    stop?.();
    stop = serveCache(messagePortTransport(port), store);
  });
}
