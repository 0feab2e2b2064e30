import type { CacheApi, OutboxItem } from '../../../shared/cache';
import { isMagpieError, MagpieError, type ErrorCode } from '../../../shared/errors';
import type { TimelineMessage } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import type { Message } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import type { ServerRequest } from '../sync/sync-engine';
import { outboxToTimeline } from '../timeline';
import { newClientId } from './client-id';
import { CoalescingRunner } from '../coalescing-runner';

/** The server will refuse these again however often we ask: the user must edit or discard. */
export const PERMANENT_SEND_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation.invalid',
  'message.too_long',
  'message.empty',
  'conversation.forbidden',
  'conversation.not_found',
]);

export interface OutboxDeps {
  cache: CacheApi;
  request: ServerRequest;
  isOnline: () => boolean;
  /** Where a sent message goes: into the cache, moving the cursor if it is contiguous. */
  sync: { receive(message: Message): Promise<void> };
  events: CoreEvents;
  now: () => number;
  log: (message: string, detail?: unknown) => void;
  newClientId?: () => string;
}

/**
 * Messages the user wrote that the server has not confirmed. Each is written to the cache before
 * anything else happens, so it survives a crash; one flusher sends them in order, one request
 * each, with the client id that lets the server ignore a resend. Main is the only writer of the
 * outbox table, so the in-memory copy stays equal to the cache.
 */
export class Outbox {
  private readonly items = new Map<string, OutboxItem>();
  private senderId: string | null = null;
  private lastOrder = 0;
  private generation = 0;
  private readonly flusher = new CoalescingRunner(
    () => this.sendPending(),
    (error) => this.deps.log('outbox flush stopped', error),
  );
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private loading: Promise<void> | null = null;

  constructor(private readonly deps: OutboxDeps) {}

  /**
   * Takes over the signed-in account's outbox as the cache holds it (after a restart, too), once
   * `cacheOpened` settles. Sends made meanwhile wait for it.
   */
  load(senderId: string, cacheOpened: Promise<unknown> = Promise.resolve()): Promise<void> {
    this.reset();
    const generation = this.generation;
    const loading = (async () => {
      await cacheOpened;
      const { items } = await this.deps.cache['outbox.list']({});
      if (generation !== this.generation) return;
      this.senderId = senderId;
      for (const item of items) {
        this.items.set(item.clientId, item);
        this.lastOrder = Math.max(this.lastOrder, item.order);
      }
    })();
    // Sends made while the cache is still on its way wait for the load instead of failing.
    this.loading = loading.catch(() => undefined);
    return loading;
  }

  reset(): void {
    this.generation += 1;
    this.loading = null;
    this.items.clear();
    this.senderId = null;
    this.lastOrder = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** This conversation's unsent messages, oldest first. */
  itemsOf(conversationId: string): OutboxItem[] {
    return [...this.items.values()].filter((item) => item.conversationId === conversationId).sort(byOrder);
  }

  async send(conversationId: string, text: string): Promise<TimelineMessage> {
    await this.loading;
    const senderId = this.senderId;
    if (!senderId) throw new MagpieError('auth.required', 'Sign in to send messages');
    if (text.trim().length === 0) throw new MagpieError('message.empty', 'The message is empty');
    if (text.length > LIMITS.maxMessageChars) throw new MagpieError('message.too_long', 'The message is too long');
    const now = this.deps.now();
    // Time-based but strictly increasing, so order survives restarts and clock hiccups.
    const order = Math.max(now, this.lastOrder + 1);
    this.lastOrder = order;
    const item: OutboxItem = {
      clientId: (this.deps.newClientId ?? newClientId)(),
      conversationId,
      senderId,
      text,
      createdAt: now,
      order,
      attempts: 0,
      status: 'pending',
    };
    // Durable first: once this resolves the message survives a crash.
    await this.deps.cache['outbox.add']({ item });
    this.items.set(item.clientId, item);
    this.changed(conversationId);
    void this.flush();
    return outboxToTimeline(item);
  }

  async retry(clientId: string): Promise<void> {
    await this.loading;
    const item = this.items.get(clientId);
    if (!item) return;
    if (item.status === 'failed') {
      const pending: OutboxItem = { ...item, status: 'pending' };
      delete pending.error;
      await this.deps.cache['outbox.put']({ item: pending });
      this.items.set(clientId, pending);
      this.changed(item.conversationId);
    }
    void this.flush();
  }

  async discard(clientId: string): Promise<void> {
    await this.loading;
    const item = this.items.get(clientId);
    await this.deps.cache['outbox.remove']({ clientId });
    this.items.delete(clientId);
    if (item) this.changed(item.conversationId);
  }

  /** Settles when no send is in progress (a stopped connection fails the one in flight at once). */
  async idle(): Promise<void> {
    await this.flusher.idle();
  }

  /** Sends what is pending while online, in order, through the one flusher. */
  flush(): Promise<void> {
    return this.flusher.run();
  }

  private async sendPending(): Promise<void> {
    const generation = this.generation;
    while (generation === this.generation && this.deps.isOnline()) {
      const next = this.nextPending();
      if (!next || !(await this.sendOne(next, generation))) break;
    }
  }

  private nextPending(): OutboxItem | undefined {
    return [...this.items.values()].filter((item) => item.status === 'pending').sort(byOrder)[0];
  }

  /** Returns whether to go on with the next item. */
  private async sendOne(item: OutboxItem, generation: number): Promise<boolean> {
    const { cache, request, sync } = this.deps;
    try {
      const { message } = await request('messages.send', {
        conversationId: item.conversationId,
        clientId: item.clientId,
        text: item.text,
      });
      if (generation !== this.generation) return false;
      await sync.receive(message);
      await cache['outbox.remove']({ clientId: item.clientId });
      this.items.delete(item.clientId);
      this.changed(item.conversationId);
      return true;
    } catch (error) {
      if (generation !== this.generation) return false;
      const permanent = isMagpieError(error) && PERMANENT_SEND_ERRORS.has(error.code);
      const updated: OutboxItem = { ...item, attempts: item.attempts + 1 };
      if (permanent) {
        updated.status = 'failed';
        updated.error = (error as MagpieError).toShape();
      }
      await this.store(updated, generation);
      if (permanent) return true; // a refused message does not hold up the ones behind it
      // Offline: the next connect flushes. Online but refused for now: try again after a pause.
      if (this.deps.isOnline()) this.retryLater(updated, error);
      return false;
    }
  }

  private async store(item: OutboxItem, generation: number): Promise<void> {
    try {
      await this.deps.cache['outbox.put']({ item });
    } catch (error) {
      this.deps.log('could not record an outbox attempt', error);
    }
    if (generation !== this.generation || !this.items.has(item.clientId)) return;
    this.items.set(item.clientId, item);
    if (item.status === 'failed') this.changed(item.conversationId);
  }

  private retryLater(item: OutboxItem, error: unknown): void {
    if (this.retryTimer) return;
    const hinted = isMagpieError(error) ? error.details?.retryAfterMs : undefined;
    const delay = typeof hinted === 'number' ? hinted : Math.min(30_000, 1_000 * 2 ** Math.min(item.attempts, 5));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delay);
  }

  private changed(conversationId: string): void {
    this.deps.events.emit('messages.changed', { conversationId });
    this.deps.events.emit('conversations.changed', {});
  }
}

function byOrder(a: OutboxItem, b: OutboxItem): number {
  return a.order - b.order;
}
