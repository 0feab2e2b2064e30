import type { BrowserWindow, MessageChannelMain } from 'electron';
import type { MessageTransport } from '../core/host';
import { createPortTransport } from './port-transport';

/**
 * Keeps the hidden cache-host window (the page that owns IndexedDB) alive for the whole life of
 * the app and keeps the core's cache RPC client wired to it. Every fresh page load gets a fresh
 * MessageChannel: a reloaded page has lost its old port, and a crashed renderer is replaced by a
 * new window. Calls made meanwhile wait in the RPC client's queue, so a crash costs a delay only.
 */

/** The IPC message that carries main's port to the cache host's preload. */
export const CACHE_PORT_CHANNEL = 'magpie:cache-port';

export interface CacheRpcAttachable {
  attach(transport: MessageTransport): void;
  detach(): void;
}

export interface CacheHostOptions {
  createWindow: () => BrowserWindow;
  createChannel: () => Pick<MessageChannelMain, 'port1' | 'port2'>;
  client: CacheRpcAttachable;
  /** For tests: the delay before the n-th quick restart after a crash. */
  restartDelayMs?: (recentCrashes: number) => number;
  log?: (message: string, detail?: unknown) => void;
}

/** A crash loop (say, a corrupt database that kills the page on open) must not spin the CPU. */
const defaultRestartDelay = (recentCrashes: number) => Math.min(30_000, 250 * 2 ** recentCrashes);
const CRASH_MEMORY_MS = 60_000;

export class CacheHost {
  private window: BrowserWindow | null = null;
  private transport: MessageTransport | null = null;
  private disposed = false;
  private crashTimes: number[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly log: (message: string, detail?: unknown) => void;

  constructor(private readonly options: CacheHostOptions) {
    this.log = options.log ?? ((message, detail) => console.warn(`[cache-host] ${message}`, detail ?? ''));
  }

  /** True for the hidden window, so callers can leave it out of "all UI windows". */
  owns(window: BrowserWindow): boolean {
    return window === this.window;
  }

  start(): void {
    if (this.disposed || this.window) return;
    const window = this.options.createWindow();
    this.window = window;
    const contents = window.webContents;

    contents.on('did-finish-load', () => this.connect(window));
    contents.on('did-fail-load', (_event, code, description) => this.log('the page failed to load', { code, description }));
    contents.on('render-process-gone', (_event, details) => {
      this.log('the page died; starting a new one', details.reason);
      this.replace(window);
    });
    window.on('closed', () => {
      if (this.window !== window) return;
      this.window = null;
      this.disconnect();
      // Nobody but dispose() may close it for good: the app needs its cache while it runs.
      if (!this.disposed) this.scheduleRestart();
    });
  }

  /** At quit, after the core has stopped: no more restarts, the channel and the window go. */
  dispose(): void {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.disconnect();
    const window = this.window;
    this.window = null;
    if (window && !window.isDestroyed()) window.destroy();
  }

  private connect(window: BrowserWindow): void {
    if (this.disposed || this.window !== window || window.isDestroyed()) return;
    this.disconnect();
    const { port1, port2 } = this.options.createChannel();
    const transport = createPortTransport(port1);
    this.transport = transport;
    this.options.client.attach(transport);
    window.webContents.postMessage(CACHE_PORT_CHANNEL, null, [port2]);
  }

  private disconnect(): void {
    const transport = this.transport;
    this.transport = null;
    if (!transport) return;
    this.options.client.detach();
    transport.close();
  }

  private replace(window: BrowserWindow): void {
    if (this.window !== window) return;
    this.window = null;
    this.disconnect();
    if (!window.isDestroyed()) window.destroy();
    if (!this.disposed) this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.restartTimer) return;
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((time) => now - time < CRASH_MEMORY_MS), now];
    const delay = (this.options.restartDelayMs ?? defaultRestartDelay)(this.crashTimes.length - 1);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }
}
