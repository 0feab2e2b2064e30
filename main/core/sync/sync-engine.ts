import type { CacheApi, CacheParams, HeldFrom } from '../../../shared/cache';
import { isMagpieError } from '../../../shared/errors';
import type { Conversation, Message, MethodName, MethodParams, MethodResult, User } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import { SerialQueue } from '../serial-queue';
import { CoalescingRunner } from '../coalescing-runner';
import { bootstrapHeld } from './held-ranges';
import { fillUnread } from './unread-fill';

export type ServerRequest = <M extends MethodName>(method: M, params: MethodParams<M>) => Promise<MethodResult<M>>;

export interface SyncEngineDeps {
  cache: CacheApi;
  request: ServerRequest;
  events: CoreEvents;
  pageSize: number;
  /** Messages per conversation a bootstrap brings (older ones roam in from the server). */
  bootstrapRecent: number;
  log: (message: string, detail?: unknown) => void;
}

type Apply = CacheParams<'sync.apply'>;

/**
 * Brings the cache up to date with the server's change feed and keeps it there. The account has
 * one feed cursor (in the cache): a device that has none bootstraps (conversations and their
 * recent messages, page by page, keeping the first page's head), then catches up from there; every
 * later connect catches up from the stored cursor. Each page is applied in one cache transaction
 * with the cursor moved past it, so a crash replays at most that page. Live events are applied
 * as they come (rows only move to newer revisions, so order does not matter); a live message
 * that does not follow the newest one cached means pushes were missed, and triggers a catch-up.
 */
export class SyncEngine {
  private readonly queue = new SerialQueue();
  private generation = 0;
  /** Bumped whenever cached messages are forgotten (`sync.cursor_expired`): older history must not land after it. */
  private resets = 0;
  /**
   * `id:rev` of the messages written last: our own message comes back twice (the reply to the
   * send and its `message.new` echo), and each write costs the cache a transaction.
   */
  private readonly recent = new Set<string>();
  // Offline or a server error ends a run; the next successful connect starts a fresh one.
  private readonly catchUps = new CoalescingRunner(
    () => this.runOnce(this.generation),
    (error) => this.deps.log('catch-up stopped', error),
  );

  constructor(private readonly deps: SyncEngineDeps) {}

  /** Forget everything about the previous account (sign-out, sign-in as someone else). */
  reset(): void {
    this.generation += 1;
    this.recent.clear();
  }

  /**
   * The cache answered with a damaged row (cache/integrity-guard.ts): writes and a catch-up in
   * flight belong to the old contents and are dropped; `repair` (the `cursor_expired` reset and
   * more) runs in the write queue, and the catch-up after it finds no cursor and bootstraps.
   */
  async rebuildCache(repair: () => Promise<unknown>): Promise<void> {
    this.generation += 1;
    this.recent.clear();
    await this.queue.run(async () => {
      await repair();
    });
    this.deps.events.emit('conversations.changed', {});
    void this.catchUp();
  }

  /**
   * Fetches everything missed, page by page. Never two at once: asking during a run makes the
   * run go round once more, and the returned promise settles after that.
   */
  catchUp(): Promise<void> {
    return this.catchUps.run();
  }

  /** Settles once the running catch-up and every queued cache write are done. */
  async idle(): Promise<void> {
    await this.catchUps.idle();
    await this.queue.run(async () => undefined);
  }

  /** A `message.new` or `message.updated` push, or a message an operation of ours returned. */
  receive(message: Message): Promise<void> {
    return this.write({ messages: [message] }, { live: true });
  }

  /** Several messages the server returned at once (a forward). */
  receiveAll(messages: Message[]): Promise<void> {
    return messages.length === 0 ? Promise.resolve() : this.write({ messages }, { live: true });
  }

  /** A `message.hidden` push, or a hide of ours the server accepted. */
  hide(conversationId: string, messageId: string): Promise<void> {
    return this.write({ hidden: [{ conversationId, messageId }] });
  }

  /** A `conversation.updated` push or a conversation an operation of ours returned. */
  putConversation(conversation: Conversation): Promise<void> {
    return this.write({ conversations: [conversation] });
  }

  /**
   * A changed profile (`user.updated`, or our own profile change): the member entries of every
   * cached conversation with that user follow, so lists, headers and message senders show it.
   * In the write queue, so a conversation page being applied is not overwritten by a stale copy.
   */
  applyUser(user: User): Promise<void> {
    const generation = this.generation;
    return this.queue.run(async () => {
      if (generation !== this.generation) return;
      const { conversationIds } = await this.deps.cache['conversations.applyUser']({ user });
      for (const conversationId of conversationIds) this.deps.events.emit('messages.changed', { conversationId });
      if (conversationIds.length > 0) this.deps.events.emit('conversations.changed', {});
    });
  }

  /** A page of older history from the server (message roaming): stored, `heldFrom` lowered. */
  storeHistory(messages: Message[], held: HeldFrom | null): Promise<void> {
    return this.write({ messages, held: held ? [held] : [] }, { quiet: true });
  }

  private write(change: Apply, options: { live?: boolean; quiet?: boolean; resets?: number } = {}): Promise<void> {
    const generation = this.generation;
    return this.queue.run(async () => {
      if (generation !== this.generation || (options.resets !== undefined && options.resets !== this.resets)) return;
      const fresh = change.messages?.filter((message) => !this.recent.has(`${message.id}:${message.rev}`));
      if (fresh && fresh.length === 0 && !change.conversations?.length && !change.hidden?.length && !change.held?.length) return;
      const { gaps, unknown } = await this.deps.cache['sync.apply']({ ...change, messages: fresh ?? [], fromFeed: true });
      for (const message of fresh ?? []) this.remember(`${message.id}:${message.rev}`);
      if (!options.quiet) this.announce(change);
      // A gap means pushes were missed; an unknown conversation means we lack its record.
      if (options.live && (gaps.length > 0 || unknown.length > 0)) void this.catchUp();
    });
  }

  private remember(key: string): void {
    this.recent.add(key);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.recent.size > 1_000) this.recent.delete(this.recent.values().next().value!);
  }

  private announce(change: Apply): void {
    const touched = new Set([...(change.messages ?? []), ...(change.hidden ?? [])].map((entry) => entry.conversationId));
    for (const conversationId of touched) this.deps.events.emit('messages.changed', { conversationId });
    // A conversation's own change (title, members, `left`) shows in its timeline header too.
    for (const conversation of change.conversations ?? []) {
      if (!touched.has(conversation.id)) this.deps.events.emit('messages.changed', { conversationId: conversation.id });
    }
    if (touched.size > 0 || (change.conversations?.length ?? 0) > 0) this.deps.events.emit('conversations.changed', {});
  }

  private async runOnce(generation: number): Promise<void> {
    const { feedCursor } = await this.deps.cache['sync.state']({});
    if (generation !== this.generation) return;
    let cursor = feedCursor ?? (await this.bootstrap(generation));
    if (cursor === null) return;
    for (;;) {
      let page: MethodResult<'sync.catchUp'>;
      try {
        page = await this.deps.request('sync.catchUp', { after: cursor, limit: this.deps.pageSize });
      } catch (error) {
        if (!isMagpieError(error, 'sync.cursor_expired') || generation !== this.generation) throw error;
        // The feed no longer reaches back that far: start over (the outbox and markers stay).
        this.deps.log('the feed cursor expired; bootstrapping again');
        await this.queue.run(() => {
          this.resets += 1;
          return this.deps.cache['sync.resetMessages']({});
        });
        this.recent.clear();
        cursor = await this.bootstrap(generation);
        if (cursor === null) return;
        continue;
      }
      if (generation !== this.generation) return;
      await this.apply(generation, {
        conversations: page.conversations,
        messages: page.messages,
        hidden: page.hidden,
        feedCursor: page.cursor,
        fromFeed: true,
      });
      if (!page.hasMore) return;
      if (page.cursor <= cursor) {
        // The server says there is more but did not move the cursor: asking again would loop.
        this.deps.log('catch-up made no progress; stopping until the next connect');
        return;
      }
      cursor = page.cursor;
    }
  }

  /**
   * Conversations and their recent messages, page by page; returns the first page's head (the
   * feed position everything after which catch-up brings), stored once every page is in, or
   * null when the account changed meanwhile.
   */
  private async bootstrap(generation: number): Promise<number | null> {
    let head: number | null = null;
    let after: string | undefined;
    const recent = this.deps.bootstrapRecent;
    const unread: string[] = [];
    do {
      const page = await this.deps.request('sync.bootstrap', after === undefined ? { recent } : { after, recent });
      if (generation !== this.generation) return null;
      head ??= page.head;
      for (const conversation of page.conversations) if (conversation.unreadCount > recent) unread.push(conversation.id);
      await this.apply(generation, {
        conversations: page.conversations,
        messages: page.messages,
        held: bootstrapHeld(page.conversations, page.messages, recent),
      });
      after = page.next ?? undefined;
    } while (after !== undefined);
    await this.apply(generation, { feedCursor: head });
    // In the background: catch-up (and the notifier waiting for it) need not wait for history.
    // Checked in the write queue: a page must not land after the messages were reset.
    const resets = this.resets;
    void fillUnread(
      {
        cache: this.deps.cache,
        request: this.deps.request,
        events: this.deps.events,
        storeHistory: (messages, held) => this.write({ messages, held: held ? [held] : [] }, { quiet: true, resets }),
        current: () => generation === this.generation && resets === this.resets,
        log: this.deps.log,
      },
      unread,
    );
    return head;
  }

  private apply(generation: number, change: Apply): Promise<void> {
    return this.queue.run(async () => {
      if (generation !== this.generation) return;
      await this.deps.cache['sync.apply'](change);
      this.announce(change);
    });
  }
}
