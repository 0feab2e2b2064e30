import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type ServerEvent, type User } from '../../../shared/protocol';
import type { ErrorShape } from '../../../shared/errors';

/** The session a socket is signed in with. */
export interface SessionBinding {
  tokenHash: string;
  user: User;
}

/**
 * A client that reads too slowly piles frames up in memory; past this much unsent data the socket
 * is dropped instead. The client reconnects and catches up from its cursors, which is cheaper.
 */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** One open socket and what the server knows about it. */
export class Connection {
  session: SessionBinding | null = null;
  /** Said `presence.set away` (idle); cleared when the socket is unbound. */
  away = false;
  /** Cleared before each heartbeat ping and set again by the pong (or any frame). */
  alive = true;
  /** Requests from one socket run one after another, so its sends get seqs in the order sent. */
  queue: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: WebSocket,
    readonly ip: string,
  ) {}

  get userId(): string | undefined {
    return this.session?.user.id;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** A Buffer is sent as a text frame as is: fan-out encodes one event once, not once per socket. */
  sendText(text: string | Buffer): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.terminate();
      return;
    }
    this.socket.send(text, { binary: false });
  }

  reply(id: string, result: unknown): void {
    this.sendText(JSON.stringify({ v: PROTOCOL_VERSION, type: 'reply', id, ok: true, result }));
  }

  replyError(id: string, error: ErrorShape): void {
    this.sendText(JSON.stringify({ v: PROTOCOL_VERSION, type: 'reply', id, ok: false, error }));
  }

  fault(error: ErrorShape): void {
    this.sendText(JSON.stringify({ v: PROTOCOL_VERSION, type: 'fault', error, serverVersion: PROTOCOL_VERSION }));
  }

  push(event: ServerEvent): void {
    this.sendText(eventText(event));
  }
}

export function eventText(event: ServerEvent): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, type: 'event', ...event });
}
