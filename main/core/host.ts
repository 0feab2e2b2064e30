import type { CacheApi } from '../../shared/cache';
import type { EventChannel, EventPayload, InvokeEnvelope, InvokeChannel } from '../../shared/ipc';
import type { Session } from '../../shared/protocol';

/**
 * The seams between the client core and the process it runs in. Electron main, the browser shell
 * and the Node tests each provide these; the core itself knows none of them.
 */

/** A duplex of already-parsed JSON values: a MessagePort, a WebSocket, or an in-memory pair. */
export interface MessageTransport {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
  onClose(listener: () => void): () => void;
  close(): void;
}

/** Where the session token is kept between launches: safeStorage in Electron, a 0600 file in the shell. */
export interface SecretStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}
export interface StoredSession {
  serverUrl: string;
  session: Session;
}

/** The minimal WebSocket surface the core needs; `ws` in Node provides it. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface CoreOptions {
  /** Server used when the user has not chosen one. */
  defaultServerUrl: string;
  createSocket: SocketFactory;
  cache: CacheApi;
  secrets: SecretStore;
  appVersion: string;
  shell: 'electron' | 'browser';
  platform: string;
  /** Injected for tests: time and timers. */
  now?: () => number;
  random?: () => number;
}

/** What the Electron glue and the browser shell drive: the IPC contract's other end. */
export interface MagpieCoreApi {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Validates `request` with the channel's schema and answers with an envelope, never a throw. */
  invoke(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The OS says the network is back (Electron `online` or a browser event): retry at once. */
  networkOnline(): void;
}
