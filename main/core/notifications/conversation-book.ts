import type { ConversationSummary } from '../../../shared/ipc';
import { CoalescingRunner } from '../coalescing-runner';
import { unreadTotal } from './unread';

/** Per conversation, what a catch-up summary compares against afterwards. */
export interface UnreadMark {
  unread: number;
  mentions: number;
}

export interface ConversationBookDeps {
  /** The conversation list as the UI gets it; throws when no one is signed in. */
  list: () => Promise<ConversationSummary[]>;
  log: (message: string, detail?: unknown) => void;
}

/**
 * The notifier's copy of the conversation list: names and members for the text of a
 * notification, mute and membership for the rules, and the unread total for the tray and badge.
 * Re-read (coalesced) whenever the core says conversations changed.
 */
export class ConversationBook {
  private byId = new Map<string, ConversationSummary>();
  private loaded = false;
  private total = 0;
  private generation = 0;
  private readonly totalListeners = new Set<(total: number) => void>();
  private readonly refreshListeners = new Set<(previous: ReadonlyMap<string, ConversationSummary>) => void>();
  private readonly runner: CoalescingRunner;

  constructor(private readonly deps: ConversationBookDeps) {
    this.runner = new CoalescingRunner(
      () => this.pass(),
      (error) => deps.log('could not read the conversations for the unread total', error),
    );
  }

  refresh(): Promise<void> {
    return this.runner.run();
  }

  get(conversationId: string): ConversationSummary | undefined {
    return this.byId.get(conversationId);
  }

  /**
   * The conversation, re-reading the list when it is not known yet. A brand-new conversation's
   * first message can arrive before its record (the catch-up that fetches it is under way), so
   * this waits for a later re-read to bring it, up to `waitMs`.
   */
  async find(conversationId: string, waitMs = 0): Promise<ConversationSummary | undefined> {
    if (!this.byId.has(conversationId)) await this.refresh();
    const known = this.byId.get(conversationId);
    if (known || waitMs <= 0) return known;
    return new Promise((resolve) => {
      const done = (found: ConversationSummary | undefined) => {
        clearTimeout(timer);
        off();
        resolve(found);
      };
      const off = this.onRefresh(() => {
        const found = this.byId.get(conversationId);
        if (found) done(found);
      });
      const timer = setTimeout(() => done(this.byId.get(conversationId)), waitMs);
      (timer as { unref?: () => void }).unref?.();
    });
  }

  /**
   * Unread marks of every known conversation, as last read; null when the list was never read or
   * was empty (a first sign-in on this device: everything is "new", and none of it is news).
   */
  snapshot(): Map<string, UnreadMark> | null {
    if (!this.loaded || this.byId.size === 0) return null;
    return new Map([...this.byId].map(([id, conversation]) => [id, markOf(conversation)]));
  }

  /** The snapshot, reading the list first when it never was. */
  async baseline(): Promise<Map<string, UnreadMark> | null> {
    if (!this.loaded) await this.refresh();
    return this.snapshot();
  }

  all(): ConversationSummary[] {
    return [...this.byId.values()];
  }

  unreadTotal(): number {
    return this.total;
  }

  /** Called at once with the current total, then on every change. */
  onUnreadTotal(listener: (total: number) => void): () => void {
    this.totalListeners.add(listener);
    listener(this.total);
    return () => this.totalListeners.delete(listener);
  }

  /** After each re-read, with the list as it was before it. */
  onRefresh(listener: (previous: ReadonlyMap<string, ConversationSummary>) => void): () => void {
    this.refreshListeners.add(listener);
    return () => this.refreshListeners.delete(listener);
  }

  /** Signed out: nothing is known and nothing is unread. */
  clear(): void {
    this.generation += 1;
    this.byId = new Map();
    this.loaded = false;
    this.setTotal(0);
  }

  private async pass(): Promise<void> {
    const generation = this.generation;
    let conversations: ConversationSummary[];
    try {
      conversations = await this.deps.list();
    } catch (error) {
      // Signed out (or the cache is not there yet): the next change asks again.
      if (generation === this.generation) this.deps.log('conversation list unavailable for notifications', error);
      return;
    }
    if (generation !== this.generation) return;
    const previous = this.byId;
    this.byId = new Map(conversations.map((conversation) => [conversation.id, conversation]));
    this.loaded = true;
    this.setTotal(unreadTotal(conversations));
    for (const listener of [...this.refreshListeners]) listener(previous);
  }

  private setTotal(total: number): void {
    if (total === this.total) return;
    this.total = total;
    for (const listener of [...this.totalListeners]) listener(total);
  }
}

export function markOf(conversation: Pick<ConversationSummary, 'unreadCount' | 'unreadMentions'>): UnreadMark {
  return { unread: conversation.unreadCount, mentions: conversation.unreadMentions ?? 0 };
}
