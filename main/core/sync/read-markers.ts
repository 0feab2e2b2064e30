import type { CacheApi } from '../../../shared/cache';
import { isMagpieError, type ErrorCode } from '../../../shared/errors';
import type { CoreEvents } from '../events';
import type { ServerRequest } from './sync-engine';
import { CoalescingRunner } from '../coalescing-runner';

export interface ReadMarkersDeps {
  cache: CacheApi;
  request: ServerRequest;
  isOnline: () => boolean;
  /** The signed-in account, to tell its own read events from the peer's. */
  selfId: () => string | undefined;
  events: CoreEvents;
  log: (message: string, detail?: unknown) => void;
}

/** The server will never take these markers: drop them rather than retry forever. */
const HOPELESS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['conversation.forbidden', 'conversation.not_found', 'validation.invalid']);

/**
 * Read markers on this device. Marking read updates the cache first (the badge clears at once,
 * offline too) and records the marker durably in the cache; one flusher sends the highest
 * pending marker of each conversation while online, and the next connect sends what is left.
 * Markers from the server (events, the connect refresh) are merged forward only.
 */
export class ReadMarkers {
  private readonly sender = new CoalescingRunner(
    () => this.sendPending(),
    (error) => this.deps.log('read-marker sending stopped', error),
  );

  constructor(private readonly deps: ReadMarkersDeps) {}

  async markRead(conversationId: string, seq: number): Promise<void> {
    const { changed } = await this.deps.cache['readState.apply']({ conversationId, readSeq: seq, pending: true });
    if (changed) this.deps.events.emit('conversations.changed', {});
    void this.flush();
  }

  /** A `conversation.read` push: another device of ours read, or the peer did (a receipt). */
  async receive(read: { conversationId: string; userId: string; readSeq: number }): Promise<void> {
    const self = this.deps.selfId();
    if (!self) return;
    const own = read.userId === self;
    const { changed } = await this.deps.cache['readState.apply'](
      own ? { conversationId: read.conversationId, readSeq: read.readSeq } : { conversationId: read.conversationId, peerReadSeq: read.readSeq },
    );
    if (!changed) return;
    this.deps.events.emit('conversations.changed', {});
    // Receipts show in the timeline of the open conversation.
    if (!own) this.deps.events.emit('messages.changed', { conversationId: read.conversationId });
  }

  /**
   * On connect: send what was marked offline. Markers moved on other devices meanwhile come with
   * catch-up (a read marker is a change in the feed), merged forward like everything else.
   */
  async onConnected(): Promise<void> {
    await this.flush();
  }

  /** Sends pending markers while online, through the one sender. */
  flush(): Promise<void> {
    return this.sender.run();
  }

  idle(): Promise<void> {
    return this.sender.idle();
  }

  private async sendPending(): Promise<void> {
    if (!this.deps.isOnline()) return;
    const self = this.deps.selfId();
    const { markers } = await this.deps.cache['readState.pending']({}).catch(() => ({ markers: [] }));
    for (const marker of markers) {
      if (!this.deps.isOnline() || self !== this.deps.selfId()) return;
      if (!(await this.sendOne(marker))) return;
    }
  }

  /** Returns whether to go on with the next marker. */
  private async sendOne(marker: { conversationId: string; seq: number }): Promise<boolean> {
    const { cache, request, events } = this.deps;
    try {
      const { readSeq } = await request('conversations.markRead', marker);
      const { changed } = await cache['readState.apply']({ conversationId: marker.conversationId, readSeq });
      await cache['readState.sent'](marker);
      if (changed) events.emit('conversations.changed', {});
      return true;
    } catch (error) {
      if (isMagpieError(error) && HOPELESS.has(error.code)) {
        await cache['readState.sent'](marker).catch(() => undefined);
        return true;
      }
      // Offline or the server is busy: the marker stays queued for the next connect.
      this.deps.log('could not send a read marker', error);
      return false;
    }
  }
}
