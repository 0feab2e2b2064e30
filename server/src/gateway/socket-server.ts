import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { LIMITS } from '../../../shared/limits';
import type { ServerServices } from '../methods/context';
import { Connection } from './connection';
import { RequestDispatcher } from './dispatch';
import { PresenceTracker } from './presence';

export const SOCKET_PATH = '/socket';
/** Close code and reason a client sees when the server stops; it should reconnect with backoff. */
export const CLOSE_GOING_AWAY = 1001;

export interface SocketGateway {
  readonly dispatcher: RequestDispatcher;
  /** Stops taking sockets and requests, answers accepted requests, then closes every socket. */
  close(options?: { drainTimeoutMs?: number; closeTimeoutMs?: number }): Promise<void>;
}

/**
 * The WebSocket endpoint, sharing the HTTP server's port. Frames between the protocol limit and
 * 4x that limit are read and refused with a fault (the socket stays usable); anything larger is
 * cut off by `ws` itself with close code 1009 before it is buffered.
 */
export function attachSocketGateway(httpServer: Server, services: ServerServices): SocketGateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes * 4 });
  const dispatcher = new RequestDispatcher(services);
  const presence = new PresenceTracker(services);
  let closing = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== SOCKET_PATH || closing) {
      socket.end(closing ? 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  };
  httpServer.on('upgrade', onUpgrade);

  function accept(ws: WebSocket, req: IncomingMessage): void {
    const conn = new Connection(ws, req.socket.remoteAddress ?? 'unknown');
    services.hub.add(conn);
    ws.on('message', (data: RawData) => {
      conn.alive = true;
      dispatcher.handleFrame(conn, toBuffer(data));
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('close', () => services.hub.remove(conn));
    // Oversized frames, bad UTF-8 and resets land here; ws closes the socket itself afterwards.
    ws.on('error', (error) => services.log.debug({ err: error }, 'socket error'));
  }

  // A socket that did not answer the previous ping is gone (sleeping laptop, dropped Wi-Fi):
  // terminate it so its pushes stop piling up and the client's reconnect starts clean.
  const heartbeat = setInterval(() => {
    for (const conn of services.hub.connections) {
      if (!conn.alive) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
    }
  }, services.config.heartbeatIntervalMs);
  heartbeat.unref();

  async function close({ drainTimeoutMs = 10_000, closeTimeoutMs = 2_000 } = {}): Promise<void> {
    closing = true;
    await dispatcher.drain(drainTimeoutMs);
    clearInterval(heartbeat);
    httpServer.off('upgrade', onUpgrade);
    const sockets = [...wss.clients];
    await Promise.all(sockets.map((ws) => closeSocket(ws, closeTimeoutMs)));
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await presence.close();
  }

  return { dispatcher, close };
}

function closeSocket(ws: WebSocket, timeoutMs: number): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, timeoutMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(CLOSE_GOING_AWAY, 'server shutting down');
  });
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
