import { WebSocket } from 'ws';
import { MagpieError } from '../../shared/errors';
import {
  METHODS,
  PROTOCOL_VERSION,
  ServerFrameSchema,
  type EventFrame,
  type FaultFrame,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type Session,
} from '../../shared/protocol';

export interface ClosedInfo {
  code: number;
  reason: string;
}

type Waiter<T> = { match: (item: T) => boolean; resolve: (item: T) => void };

/**
 * A small protocol client for tests: typed requests, collected events and faults. Every frame the
 * server sends is checked against the shared schemas, so tests also prove the wire format.
 */
export class TestClient {
  /** Events received and not yet taken by `nextEvent`. */
  readonly events: EventFrame[] = [];
  /** Faults received and not yet taken by `nextFault`. */
  readonly faults: FaultFrame[] = [];
  /** Frames that failed the shared schema: should stay empty. */
  readonly invalidFrames: unknown[] = [];
  readonly closed: Promise<ClosedInfo>;
  private nextId = 1;
  private readonly pending = new Map<string, { method: MethodName; resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private eventWaiters: Array<Waiter<EventFrame>> = [];
  private faultWaiters: Array<Waiter<FaultFrame>> = [];

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        for (const { reject } of this.pending.values()) reject(new MagpieError('client.offline', `socket closed (${code})`));
        this.pending.clear();
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('error', () => {}); // surfaced through `closed`
  }

  static connect(socketUrl: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(socketUrl);
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request; resolves with the validated result or rejects with the server's MagpieError. */
  request<M extends MethodName>(method: M, params: MethodParams<M>, timeoutMs = 10_000): Promise<MethodResult<M>> {
    const id = `r${this.nextId++}`;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MagpieError('client.timeout', `${method} got no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      const done = <T>(fn: (v: T) => void) => (v: T) => {
        clearTimeout(timer);
        fn(v);
      };
      this.pending.set(id, { method, resolve: done(resolve as (v: unknown) => void), reject: done(reject) });
      this.sendRaw(JSON.stringify({ v: PROTOCOL_VERSION, type: 'request', id, method, params }));
    });
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** The first collected or future event matching `match` (e.g. by event name). */
  nextEvent(match: string | ((e: EventFrame) => boolean), timeoutMs = 5_000): Promise<EventFrame> {
    const fn = typeof match === 'string' ? (e: EventFrame) => e.event === match : match;
    return this.waitFor(this.events, this.eventWaiters, fn, timeoutMs, 'event');
  }

  nextFault(timeoutMs = 5_000): Promise<FaultFrame> {
    return this.waitFor(this.faults, this.faultWaiters, () => true, timeoutMs, 'fault');
  }

  /** Signs up `username` (display name defaults to the username) and binds this socket. */
  async signUp(username: string, password = 'correct horse battery', displayName: string = username): Promise<Session> {
    return (await this.request('auth.signUp', { username, password, displayName })).session;
  }

  async close(): Promise<ClosedInfo> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close(1000);
    return this.closed;
  }

  private receive(text: string): void {
    let frame;
    try {
      frame = ServerFrameSchema.parse(JSON.parse(text));
    } catch {
      this.invalidFrames.push(text);
      return;
    }
    if (frame.type === 'reply') {
      const pending = this.pending.get(frame.id);
      if (!pending) return;
      this.pending.delete(frame.id);
      if (!frame.ok) return pending.reject(MagpieError.fromShape(frame.error));
      const result = METHODS[pending.method].result.safeParse(frame.result);
      if (result.success) pending.resolve(result.data);
      else pending.reject(new Error(`${pending.method} result does not match the protocol: ${result.error.message}`));
    } else if (frame.type === 'event') {
      this.deliver(this.events, this.eventWaiters, frame);
    } else {
      this.deliver(this.faults, this.faultWaiters, frame);
    }
  }

  private deliver<T>(items: T[], waiters: Array<Waiter<T>>, item: T): void {
    const waiter = waiters.find((w) => w.match(item));
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(item);
      return;
    }
    items.push(item);
  }

  private waitFor<T>(items: T[], waiters: Array<Waiter<T>>, match: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const index = items.findIndex(match);
    if (index >= 0) return Promise.resolve(items.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter<T> = { match, resolve: (item) => { clearTimeout(timer); resolve(item); } };
      waiters.push(waiter);
    });
  }
}

/** Shorthand: `await connectTestClient(server.socketUrl)`. */
export const connectTestClient = (socketUrl: string) => TestClient.connect(socketUrl);
