import { randomUUID } from 'node:crypto';
import type { Presence } from '../../../shared/protocol';
import type { Store } from '../store/store';
import type { ConnectionHub } from './hub';
import type { PubSub } from './pubsub';

/** How long a node's presence rows live without a heartbeat, and how often it beats. */
export const PRESENCE_TTL_MS = 45_000;
const PRESENCE_BEAT_MS = 15_000;

interface Services {
  store: Store;
  hub: ConnectionHub;
  pubsub: PubSub;
  log: { warn(obj: object, msg: string): void };
}

/**
 * This node's share of presence (design in server/README.md): when a user's sockets here change
 * (connect, sign in, `presence.set`, close), the node writes its row for that user to the store
 * and, when the user's presence across all nodes changed, publishes `presence.changed` to the
 * people who share a conversation with them. A heartbeat keeps this node's rows alive and sweeps
 * the rows of nodes that died; their users' new presence is published too.
 */
export class PresenceTracker {
  readonly nodeId = randomUUID();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly services: Services) {
    services.hub.onUserSocketsChanged = (userId) => this.changed(userId);
    this.timer = setInterval(() => void this.beat(), PRESENCE_BEAT_MS);
    this.timer.unref();
  }

  /** Writes this node's count for `userId`; changes of one user are applied in order. */
  changed(userId: string): void {
    if (this.closed) return;
    const previous = this.queues.get(userId) ?? Promise.resolve();
    const next = previous
      .then(() => this.write(userId))
      .catch((error: unknown) => this.services.log.warn({ err: error }, 'could not record presence'))
      .finally(() => {
        if (this.queues.get(userId) === next) this.queues.delete(userId);
      });
    this.queues.set(userId, next);
  }

  /** Stops beating, waits for pending writes, and removes this node's rows (telling who went offline). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await Promise.all([...this.queues.values()]);
    const users = await this.services.store.messaging.dropPresence({ nodeId: this.nodeId }).catch(() => []);
    await this.announce(users);
  }

  private async write(userId: string): Promise<void> {
    const { sockets, away } = this.services.hub.presenceCounts(userId);
    const now = Date.now();
    const { before, after } = await this.services.store.messaging.setNodePresence(this.nodeId, userId, sockets, away, now + PRESENCE_TTL_MS, now);
    if (before !== after) await this.publish(userId, after);
  }

  private async beat(): Promise<void> {
    const { messaging } = this.services.store;
    try {
      const now = Date.now();
      await messaging.refreshNodePresence(this.nodeId, now + PRESENCE_TTL_MS);
      await this.announce(await messaging.dropPresence({ expiredBy: now }));
    } catch (error) {
      this.services.log.warn({ err: error }, 'presence heartbeat failed');
    }
  }

  private async announce(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const presence = await this.services.store.messaging.presenceOf(userIds, Date.now());
    for (const [userId, value] of presence) await this.publish(userId, value);
  }

  private async publish(userId: string, presence: Presence): Promise<void> {
    const userIds = await this.services.store.messaging.sharingWith(userId);
    if (userIds.length > 0) this.services.pubsub.publish({ type: 'presence.changed', userIds, userId, presence });
  }
}
