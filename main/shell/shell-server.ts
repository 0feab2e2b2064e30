import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SHELL_PATHS } from '../../shared/ipc';
import { MEDIA_PREFIX } from './media-route';
import { createStaticHandler } from './static-files';

export interface ShellServer {
  /** The address to open, with the per-launch token in the fragment (never sent over HTTP). */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

export interface ShellSocketHandlers {
  onBridge(socket: WebSocket): void;
  onCacheHost(socket: WebSocket): void;
  /** `/media/…`: cached media for img/audio/video (signed URLs, checked by the core). */
  onMedia?(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
}

/**
 * The browser shell's local server: bound to 127.0.0.1 only, and its sockets open only for a page
 * of its own origin that knows the per-launch token.
 */
export async function startShellServer(port: number, outDir: string, handlers: ShellSocketHandlers): Promise<ShellServer> {
  const token = randomBytes(24).toString('base64url');
  const serveStatic = createStaticHandler(outDir);
  const server = http.createServer((request, response) => {
    const media = handlers.onMedia && request.url?.startsWith(MEDIA_PREFIX) ? handlers.onMedia : null;
    (media ? media(request, response) : serveStatic(request, response)).catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const boundPort = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${boundPort}`;

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const route =
      url.pathname === SHELL_PATHS.bridgeSocket ? handlers.onBridge : url.pathname === SHELL_PATHS.cacheSocket ? handlers.onCacheHost : null;
    if (!route || request.headers.origin !== origin || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => route(ws));
  });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameToken(offered: string | null, expected: string): boolean {
  if (offered === null) return false;
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
