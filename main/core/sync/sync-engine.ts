import type { CacheApi } from '../../../shared/cache';
import type { Conversation, Message, MethodName, MethodParams, MethodResult } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import { SerialQueue } from '../serial-queue';
import { CoalescingRunner } from '../coalescing-runner';

export type ServerRequest = <M extends MethodName>(method: M, params: MethodParams<M>) => Promise<MethodResult<M>>;

export interface SyncEngineDeps {
  cache: CacheApi;
  request: ServerRequest;
  events: CoreEvents;
  pageSize: number;
  log: (message: string, detail?: unknown) => void;
}

type CatchUpPage = MethodResult<'sync.catchUp'>;

/**
 * Brings the cache up to date with the server and keeps it there. A cursor per conversation says
 * "the cache holds every message with seq <= cursor"; it only moves over contiguous seqs, so a
 * missed message can never be skipped. Catch-up is paged (bounded memory) and serialized.
 */
export class SyncEngine {
  /** Loaded from the cache once per session; kept in step with it by the queue. */
  private cursors: Map<string, number> | null = null;
  private knownConversations = new Set<string>();
  private readonly queue = new SerialQueue();
  private generation = 0;
  // Offline or a server error ends a run; the next successful connect starts a fresh catch-up.
  private readonly catchUps = new CoalescingRunner(
    () => this.runOnce(this.generation),
    (error) => this.deps.log('catch-up stopped', error),
  );

  constructor(private readonly deps: SyncEngineDeps) {}

  /** Forget everything about the previous account (sign-out, sign-in as someone else). */
  reset(): void {
    this.generation += 1;
    this.cursors = null;
    this.knownConversations = new Set();
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

  /** A `message.new` push (or a message the outbox just got back from the server). */
  receive(message: Message): Promise<void> {
    const generation = this.generation;
    return this.queue.run(async () => {
      if (generation !== this.generation) return;
      const cursors = await this.loadCursors();
      const cursor = cursors.get(message.conversationId) ?? 0;
      if (message.seq <= cursor) return; // already held
      await this.deps.cache['messages.put']({ messages: [message] });
      const contiguous = message.seq === cursor + 1;
      if (contiguous) {
        cursors.set(message.conversationId, message.seq);
        await this.deps.cache['cursors.put']({ cursors: [{ conversationId: message.conversationId, seq: message.seq }] });
      }
      this.deps.events.emit('messages.changed', { conversationId: message.conversationId });
      this.deps.events.emit('conversations.changed', {});
      // A gap means pushes were missed; an unknown conversation means we lack its record.
      if (!contiguous || !this.knownConversations.has(message.conversationId)) void this.catchUp();
    });
  }

  /** A `conversation.updated` push or a conversation just opened. */
  putConversation(conversation: Conversation): Promise<void> {
    const generation = this.generation;
    return this.queue.run(async () => {
      if (generation !== this.generation) return;
      await this.deps.cache['conversations.put']({ conversations: [conversation] });
      this.knownConversations.add(conversation.id);
      this.deps.events.emit('conversations.changed', {});
    });
  }

  private async runOnce(generation: number): Promise<void> {
    await this.queue.run(() => this.loadCursors());
    for (;;) {
      if (generation !== this.generation || !this.cursors) return;
      const sent = new Map(this.cursors);
      const cursors = [...sent].map(([conversationId, seq]) => ({ conversationId, seq }));
      const page = await this.deps.request('sync.catchUp', { cursors, limit: this.deps.pageSize });
      if (generation !== this.generation) return;
      await this.queue.run(() => this.applyPage(page, generation));
      if (!page.hasMore) return;
      if (!this.movedPast(sent)) {
        // The server says there is more but gave nothing we can use: asking again would loop.
        this.deps.log('catch-up made no progress; stopping until the next connect');
        return;
      }
    }
  }

  private async applyPage(page: CatchUpPage, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    const cursors = await this.loadCursors();
    const { cache, events } = this.deps;
    if (page.conversations.length > 0) {
      await cache['conversations.put']({ conversations: page.conversations });
      for (const conversation of page.conversations) this.knownConversations.add(conversation.id);
    }
    if (page.messages.length > 0) await cache['messages.put']({ messages: page.messages });
    const advanced = advanceCursors(cursors, page.messages);
    if (advanced.length > 0) await cache['cursors.put']({ cursors: advanced });
    const touched = new Set(page.messages.map((message) => message.conversationId));
    for (const conversationId of touched) events.emit('messages.changed', { conversationId });
    if (touched.size > 0 || page.conversations.length > 0) events.emit('conversations.changed', {});
  }

  private movedPast(sent: Map<string, number>): boolean {
    if (!this.cursors) return false;
    for (const [conversationId, seq] of this.cursors) if (seq > (sent.get(conversationId) ?? 0)) return true;
    return false;
  }

  /** Only call inside the queue. */
  private async loadCursors(): Promise<Map<string, number>> {
    if (this.cursors) return this.cursors;
    const generation = this.generation;
    const [{ cursors }, { conversations }] = await Promise.all([
      this.deps.cache['cursors.list']({}),
      this.deps.cache['conversations.list']({}),
    ]);
    const map = new Map(cursors.map((cursor) => [cursor.conversationId, cursor.seq] as const));
    if (generation === this.generation) {
      this.cursors = map;
      for (const row of conversations) this.knownConversations.add(row.conversation.id);
    }
    return map;
  }
}

/** Moves each cursor over the seqs that follow it without a hole; returns the cursors that moved. */
export function advanceCursors(cursors: Map<string, number>, messages: readonly Message[]) {
  const sorted = [...messages].sort((a, b) =>
    a.conversationId === b.conversationId ? a.seq - b.seq : a.conversationId < b.conversationId ? -1 : 1,
  );
  const moved = new Map<string, number>();
  for (const message of sorted) {
    const cursor = cursors.get(message.conversationId) ?? 0;
    if (message.seq !== cursor + 1) continue;
    cursors.set(message.conversationId, message.seq);
    moved.set(message.conversationId, message.seq);
  }
  return [...moved].map(([conversationId, seq]) => ({ conversationId, seq }));
}
