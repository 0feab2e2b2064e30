import { MagpieError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import {
  METHODS,
  PROTOCOL_VERSION,
  ServerFrameSchema,
  type FaultFrame,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ServerEvent,
} from '../../../shared/protocol';
import type { SocketFactory, SocketLike } from '../host';

type Log = (message: string, detail?: unknown) => void;

interface PendingRequest {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

/**
 * One WebSocket to the server: request/reply with ids and timeouts, events and faults. Every
 * incoming frame is validated; a bad one is logged and dropped, never trusted and never fatal.
 * A link is used once: when it closes, the Connection opens a new one.
 */
export class ServerLink {
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly eventListeners = new Set<(event: ServerEvent) => void>();
  private readonly faultListeners = new Set<(fault: FaultFrame) => void>();
  private readonly closeListeners = new Set<(error: MagpieError) => void>();

  private constructor(
    private readonly socket: SocketLike,
    private readonly requestTimeoutMs: number,
    private readonly log: Log,
  ) {
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => this.finish(new MagpieError('client.offline', 'The connection closed')));
    socket.addEventListener('error', () => this.finish(new MagpieError('client.offline', 'The connection failed')));
  }

  /** Opens a socket and resolves once it is open; fails with `client.offline` otherwise. */
  static open(createSocket: SocketFactory, url: string, options: { openTimeoutMs: number; requestTimeoutMs: number; log: Log }): Promise<ServerLink> {
    return new Promise((resolve, reject) => {
      let socket: SocketLike;
      try {
        socket = createSocket(url);
      } catch {
        reject(new MagpieError('client.offline', 'Could not open a connection'));
        return;
      }
      let settled = false;
      const fail = (message: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        safeClose(socket);
        reject(new MagpieError('client.offline', message));
      };
      const timer = setTimeout(() => fail('Connecting took too long'), options.openTimeoutMs);
      socket.addEventListener('error', () => fail('Could not reach the server'));
      socket.addEventListener('close', () => fail('The server closed the connection'));
      socket.addEventListener('open', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(new ServerLink(socket, options.requestTimeoutMs, options.log));
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === OPEN;
  }

  request<M extends MethodName>(method: M, params: MethodParams<M>, timeoutMs = this.requestTimeoutMs): Promise<MethodResult<M>> {
    if (!this.isOpen) return Promise.reject(new MagpieError('client.offline', 'Not connected'));
    const id = String(this.nextId++);
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MagpieError('client.timeout', `${method} got no reply in time`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      try {
        this.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'request', id, method, params }));
      } catch {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new MagpieError('client.offline', 'Sending failed'));
      }
    });
  }

  onEvent(listener: (event: ServerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onFault(listener: (fault: FaultFrame) => void): () => void {
    this.faultListeners.add(listener);
    return () => this.faultListeners.delete(listener);
  }

  /** Called once, with the reason, when the link closes for any cause. */
  onClose(listener: (error: MagpieError) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    safeClose(this.socket);
    this.finish(new MagpieError('client.offline', 'The connection was closed'));
  }

  private receive(data: unknown): void {
    const text = toText(data);
    if (text === null || text.length > LIMITS.maxFrameBytes) {
      this.log('dropped an unreadable or oversized frame');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.log('dropped a frame that is not JSON');
      return;
    }
    const parsed = ServerFrameSchema.safeParse(raw);
    if (!parsed.success) {
      this.log('dropped a malformed frame', parsed.error.issues[0]);
      this.failReplyOf(raw);
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'event') {
      for (const listener of [...this.eventListeners]) listener(frame as ServerEvent);
    } else if (frame.type === 'fault') {
      this.log('the server reported a fault', frame.error);
      for (const listener of [...this.faultListeners]) listener(frame);
    } else {
      const request = this.pending.get(frame.id);
      if (!request) return;
      this.pending.delete(frame.id);
      clearTimeout(request.timer);
      if (!frame.ok) {
        request.reject(MagpieError.fromShape(frame.error));
        return;
      }
      const result = METHODS[request.method].result.safeParse(frame.result);
      if (result.success) request.resolve(result.data);
      else {
        this.log(`dropped a malformed ${request.method} result`, result.error.issues[0]);
        request.reject(new MagpieError('protocol.malformed', `The server sent a malformed ${request.method} result`));
      }
    }
  }

  /** A malformed reply still answers its request: fail it now rather than at its timeout. */
  private failReplyOf(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const { type, id } = raw as { type?: unknown; id?: unknown };
    if (type !== 'reply' || typeof id !== 'string') return;
    const request = this.pending.get(id);
    if (!request) return;
    this.pending.delete(id);
    clearTimeout(request.timer);
    request.reject(new MagpieError('protocol.malformed', `The server sent a malformed reply to ${request.method}`));
  }

  private finish(error: MagpieError): void {
    if (this.closed) return;
    this.closed = true;
    for (const request of this.pending.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.pending.clear();
    for (const listener of [...this.closeListeners]) listener(error);
    this.closeListeners.clear();
    this.eventListeners.clear();
    this.faultListeners.clear();
  }
}

function toText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return null;
}

function safeClose(socket: SocketLike): void {
  try {
    socket.close();
  } catch {
    // Already closed or never opened: nothing to release.
  }
}
