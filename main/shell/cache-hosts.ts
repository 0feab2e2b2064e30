import type { WebSocket } from 'ws';
import type { MessageTransport } from '../core/host';
import { webSocketTransport } from './ws-transport';

export interface AttachableCache {
  attach(transport: MessageTransport): void;
  detach(): void;
}

/**
 * In the shell every open Magpie tab brings a hidden cache-host page. One of them serves the core
 * at a time (the newest); when it goes away, the next one still open takes over, and with none the
 * core's cache calls wait until a page comes back (a reload).
 */
export class CacheHosts {
  private readonly hosts: MessageTransport[] = [];
  private active: MessageTransport | null = null;

  constructor(private readonly cache: AttachableCache) {}

  accept(socket: WebSocket): void {
    const transport = webSocketTransport(socket);
    this.hosts.push(transport);
    transport.onClose(() => this.remove(transport));
    this.activate(transport);
  }

  private remove(transport: MessageTransport): void {
    const index = this.hosts.indexOf(transport);
    if (index >= 0) this.hosts.splice(index, 1);
    if (this.active !== transport) return;
    this.active = null;
    this.cache.detach();
    const next = this.hosts.at(-1);
    if (next) this.activate(next);
  }

  private activate(transport: MessageTransport): void {
    if (this.active) this.cache.detach();
    this.active = transport;
    this.cache.attach(transport);
  }

  get hostCount(): number {
    return this.hosts.length;
  }
}
