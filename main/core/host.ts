import type { Readable } from 'node:stream';
import type { CacheApi } from '../../shared/cache';
import type { AppSettings, EventChannel, EventPayload, InvokeEnvelope, InvokeChannel } from '../../shared/ipc';
import type { NotificationFeed } from './notifications/notification-center';
import type { SettingsStorage } from './settings/settings-storage';
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

/**
 * The desktop around the core: folders and the file actions of the OS. Electron's `app`/`shell`
 * in the app, Node and xdg-open (or the platform's opener) in the browser shell, a recorder in tests.
 */
export interface DesktopHost {
  /** This profile's private folder; the core keeps each account's staging area and media cache in it. */
  readonly dataDir: string;
  /** The user's Downloads folder (asked at each download: it may change while the app runs). */
  downloadsDir(): string;
  openPath(path: string): Promise<void>;
  showItemInFolder(path: string): Promise<void>;
  /** An OS drag of the file out of the window; a host that cannot throws `app.unsupported`. */
  startDrag(path: string): Promise<void>;
  /**
   * Where the renderer fetches media from, ending in `/`: `magpie-media://media/` in Electron,
   * `/media/` on the shell's own origin. The core appends `<fileId>/<variant>?sig=…`.
   */
  readonly mediaBaseUrl: string;
}

/** A request for cached media, as the Electron protocol handler or the shell's HTTP route got it. */
export interface MediaRequest {
  method: string;
  /** Path and query after the media base, e.g. `abc/original?sig=…`. */
  target: string;
  range: string | undefined;
}
export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  /** The bytes (null for HEAD and errors). */
  body: Readable | null;
}

export interface CoreOptions {
  /** Server used when the user has not chosen one. */
  defaultServerUrl: string;
  createSocket: SocketFactory;
  cache: CacheApi;
  secrets: SecretStore;
  appVersion: string;
  shell: 'electron' | 'browser';
  platform: string;
  desktop: DesktopHost;
  /** What reaches outside the app (Electron); absent in the browser shell, whose page opens links. */
  os?: OsIntegration;
  /** Where app settings are kept; default `settings.json` in `desktop.dataDir`. */
  settingsStorage?: SettingsStorage;
  /** The system's language (BCP 47) for text main shows itself: notifications. */
  locale?: string;
  /** Injected for tests: time and timers. */
  now?: () => number;
  random?: () => number;
}

/** The parts of the OS the core asks for by itself (Electron's `shell` and login items). */
export interface OsIntegration {
  /** Start at login and the like, before a settings change is saved; a throw refuses the change. */
  applySettings(next: AppSettings, previous: AppSettings): Promise<void>;
  /** Opens an http(s) URL in the system browser. */
  openExternal(url: string): Promise<void>;
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
  /** The OS says the user is idle (Electron powerMonitor) or back: presence `away` / `online`. */
  setIdle(idle: boolean): void;
  /** Notifications to show and the unread total, for the host to put on the desktop. */
  readonly notifications: NotificationFeed;
  /** Answers a `media.url` URL: the file from the media cache (fetched first if need be), Range-aware. */
  serveMedia(request: MediaRequest): Promise<MediaResponse>;
}
