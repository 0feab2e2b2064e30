import { MagpieError } from '../../../shared/errors';
import type { Presence } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import type { ServerRequest } from '../sync/sync-engine';

export interface PresenceDeps {
  request: ServerRequest;
  isOnline: () => boolean;
  events: CoreEvents;
  log: (message: string, detail?: unknown) => void;
}

/**
 * Who is online: a map fed by `presence.changed` pushes, and by asking the server about users it
 * does not know yet. Forgotten on every disconnect (what it knew may no longer be true). Our own
 * `away` comes from the OS idle signal the app glue passes to `setIdle`.
 */
export class PresenceMap {
  private readonly known = new Map<string, Presence>();
  private idle = false;

  constructor(private readonly deps: PresenceDeps) {}

  /** The bridge's `presence.get` (online only: offline, nobody's presence is known). */
  async get(userIds: string[]): Promise<Array<{ userId: string; presence: Presence }>> {
    if (!this.deps.isOnline()) throw new MagpieError('client.offline', 'Presence needs a connection');
    const unknown = [...new Set(userIds.filter((id) => !this.known.has(id)))];
    if (unknown.length > 0) {
      const { presence } = await this.deps.request('presence.query', { userIds: unknown });
      for (const entry of presence) this.known.set(entry.userId, entry.presence);
    }
    return userIds.map((userId) => ({ userId, presence: this.known.get(userId) ?? 'offline' }));
  }

  /** A `presence.changed` push. */
  receive(event: { userId: string; presence: Presence }): void {
    if (this.known.get(event.userId) === event.presence) return;
    this.known.set(event.userId, event.presence);
    this.deps.events.emit('presence.changed', event);
  }

  /** The OS says the user went idle (or came back): tell the server `away` / `online`. */
  setIdle(idle: boolean): void {
    if (this.idle === idle) return;
    this.idle = idle;
    if (this.deps.isOnline()) this.tell();
  }

  /** Connected: the server starts us `online`; say `away` if the user is idle. */
  onConnected(): void {
    if (this.idle) this.tell();
  }

  /** Disconnected: what was known may have changed meanwhile. */
  clear(): void {
    this.known.clear();
  }

  private tell(): void {
    this.deps.request('presence.set', { presence: this.idle ? 'away' : 'online' }).catch((error) => this.deps.log('could not set presence', error));
  }
}
