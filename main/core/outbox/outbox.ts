import type { CacheApi, OutboxItem } from '../../../shared/cache';
import { isMagpieError, MagpieError, type ErrorCode } from '../../../shared/errors';
import type { TimelineMessage } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import type { Message, ReplyRef } from '../../../shared/protocol';
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
  'message.not_found',
  'message.invalid_attachment',
  'conversation.forbidden',
  'conversation.not_found',
  'conversation.inactive',
  'conversation.muted',
  'auth.admin_required',
  'conversation.role_required',
  'file.not_found',
  'file.too_large',
  'file.type_not_allowed',
  'file.hash_mismatch',
  'transfer.failed',
  'transfer.not_found',
  'transfer.source_unreadable',
  'app.unsupported',
]);

/**
 * The upload step of a message with a file (owned by transfers): the flusher awaits it before
 * `messages.send` for an item that has a `stagingId` and no `fileId` yet, in outbox order (a
 * message with a file holds up the ones written after it, as any unsent message does). It
 * resolves with the item to send: `fileId`, `kind` (image/file/audio/video), `durationMs` and
 * `transferId` filled in; the outbox stores that durably before sending, so a restart does not
 * upload again. It may also be told the item's `transferId` early through `outbox.update`.
 * A MagpieError with a code in PERMANENT_SEND_ERRORS fails the item (the user retries or
 * discards); any other error keeps it pending and retries later (offline, server busy).
 */
export type BeforeSend = (item: OutboxItem) => Promise<OutboxItem>;

/** What the user asked to send (the bridge's `messages.send`, validated). */
export interface SendRequest {
  text: string;
  mentions?: string[];
  mentionsAll?: boolean;
  replyToMessageId?: string | undefined;
  stagingId?: string | undefined;
}

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
  beforeSend?: BeforeSend;
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
  private beforeSend: BeforeSend | null;

  constructor(private readonly deps: OutboxDeps) {
    this.beforeSend = deps.beforeSend ?? null;
  }

  /** Installs the upload step (see BeforeSend). */
  setBeforeSend(hook: BeforeSend): void {
    this.beforeSend = hook;
  }

  /** Told when the user discards an unsent item (transfers stop its upload, drop its staged file). */
  setOnDiscard(hook: (item: OutboxItem) => Promise<void>): void {
    this.onDiscard = hook;
  }
  private onDiscard: ((item: OutboxItem) => Promise<void>) | null = null;

  /** Told when the user retries a failed item, before it is sent again (transfers re-arm a cancelled upload). */
  setOnRetry(hook: (item: OutboxItem) => Promise<void>): void {
    this.onRetry = hook;
  }
  private onRetry: ((item: OutboxItem) => Promise<void>) | null = null;

  /**
   * Fails an unsent item now, for a reason found outside a send attempt (its upload was
   * cancelled while offline): the user sees retry and delete at once, not `sending` until the
   * next connect. A send in progress settles it the same way, so doing both is harmless.
   */
  async fail(clientId: string, error: MagpieError): Promise<void> {
    await this.loading;
    const item = this.items.get(clientId);
    if (!item || item.status === 'failed') return;
    await this.store({ ...item, status: 'failed', error: error.toShape() }, this.generation);
  }

  /** One item, as the outbox holds it now. */
  get(clientId: string): OutboxItem | undefined {
    return this.items.get(clientId);
  }

  /**
   * Changes an unsent item durably (the upload step recording its `transferId`). Fields that say
   * what the item is (`clientId`, `conversationId`, `order`) are kept.
   */
  async update(clientId: string, change: Partial<Pick<OutboxItem, 'transferId' | 'fileId' | 'kind' | 'durationMs'>>): Promise<void> {
    await this.loading;
    const item = this.items.get(clientId);
    if (!item) return;
    const updated: OutboxItem = { ...item, ...change };
    await this.deps.cache['outbox.put']({ item: updated });
    if (this.items.has(clientId)) this.items.set(clientId, updated);
    this.changed(item.conversationId);
  }

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

  async send(conversationId: string, request: SendRequest): Promise<TimelineMessage> {
    await this.loading;
    const { text } = request;
    const senderId = this.senderId;
    if (!senderId) throw new MagpieError('auth.required', 'Sign in to send messages');
    if (text.trim().length === 0 && request.stagingId === undefined) throw new MagpieError('message.empty', 'The message is empty');
    if (text.length > LIMITS.maxMessageChars) throw new MagpieError('message.too_long', 'The message is too long');
    const replyTo = request.replyToMessageId ? await this.replyRef(request.replyToMessageId, conversationId) : null;
    const now = this.deps.now();
    // Time-based but strictly increasing, so order survives restarts and clock hiccups.
    const order = Math.max(now, this.lastOrder + 1);
    this.lastOrder = order;
    const item: OutboxItem = {
      clientId: (this.deps.newClientId ?? newClientId)(),
      conversationId,
      senderId,
      kind: 'text',
      text,
      mentions: [...new Set(request.mentions ?? [])],
      mentionsAll: request.mentionsAll ?? false,
      replyTo,
      createdAt: now,
      order,
      attempts: 0,
      status: 'pending',
    };
    if (request.replyToMessageId) item.replyToMessageId = request.replyToMessageId;
    if (request.stagingId) item.stagingId = request.stagingId;
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
      if (this.onRetry) await this.onRetry(item).catch((error) => this.deps.log('could not prepare a retried message', error));
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
    if (item && this.onDiscard) await this.onDiscard(item).catch((error) => this.deps.log('could not drop the upload of a discarded message', error));
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
  private async sendOne(queued: OutboxItem, generation: number): Promise<boolean> {
    const { cache, request, sync } = this.deps;
    let item = queued;
    try {
      item = await this.uploaded(item, generation);
      const { message } = await request('messages.send', {
        conversationId: item.conversationId,
        clientId: item.clientId,
        kind: item.kind === 'system' ? 'text' : item.kind,
        text: item.text,
        mentions: item.mentions,
        mentionsAll: item.mentionsAll,
        ...(item.fileId !== undefined ? { fileId: item.fileId } : {}),
        ...(item.durationMs !== undefined ? { durationMs: item.durationMs } : {}),
        ...(item.replyToMessageId !== undefined ? { replyToMessageId: item.replyToMessageId } : {}),
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

  /** Runs the upload step once for an item with a staged file; the result is stored first. */
  private async uploaded(item: OutboxItem, generation: number): Promise<OutboxItem> {
    if (item.stagingId === undefined || item.fileId !== undefined) return item;
    if (!this.beforeSend) throw new MagpieError('app.unsupported', 'Files cannot be sent here');
    const ready = await this.beforeSend(item);
    if (generation !== this.generation) return ready;
    await this.deps.cache['outbox.put']({ item: ready });
    if (this.items.has(item.clientId)) this.items.set(item.clientId, ready);
    return ready;
  }

  /** What the timeline shows of a replied-to message while ours is unsent; null when not cached. */
  private async replyRef(messageId: string, conversationId: string): Promise<ReplyRef | null> {
    const { message } = await this.deps.cache['messages.get']({ messageId });
    if (!message || message.conversationId !== conversationId) return null;
    const preview = message.recalled ? '' : message.text || message.attachment?.name || '';
    return {
      messageId: message.id,
      seq: message.seq,
      senderId: message.senderId,
      kind: message.kind,
      preview: preview.slice(0, LIMITS.maxReplyPreviewChars),
    };
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
