import { LIMITS } from '../../../shared/limits';
import type { CoreEvents } from '../events';
import type { ServerRequest } from '../sync/sync-engine';

/** While the user keeps typing, the server is told again this often (its indicator lapses after LIMITS.typingTtlMs). */
export const TYPING_RENEW_MS = 3_000;
/** No keystroke for this long means the user stopped. */
export const TYPING_IDLE_MS = 5_000;

export interface TypingDeps {
  request: ServerRequest;
  isOnline: () => boolean;
  selfId: () => string | undefined;
  events: CoreEvents;
  now: () => number;
  log: (message: string, detail?: unknown) => void;
}

/**
 * Typing indicators both ways. Ours: the renderer says `typing: true` on every keystroke; the
 * server hears it at most every TYPING_RENEW_MS, and `false` once the user stops (explicitly or
 * after TYPING_IDLE_MS without a keystroke). Theirs: the current typers of each conversation go
 * to the renderer as `typing.changed`, each dropped after LIMITS.typingTtlMs without a renewal.
 */
export class Typing {
  private readonly mine = new Map<string, { sentAt: number; idle: ReturnType<typeof setTimeout> }>();
  private readonly theirs = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();

  constructor(private readonly deps: TypingDeps) {}

  /** The bridge's `typing.set`. Offline it does nothing: nobody could see it. */
  set(conversationId: string, typing: boolean): void {
    const current = this.mine.get(conversationId);
    if (!typing) {
      if (!current) return;
      clearTimeout(current.idle);
      this.mine.delete(conversationId);
      this.tell(conversationId, false);
      return;
    }
    if (current) clearTimeout(current.idle);
    const idle = setTimeout(() => this.set(conversationId, false), TYPING_IDLE_MS);
    const now = this.deps.now();
    if (!current || now - current.sentAt >= TYPING_RENEW_MS) {
      this.mine.set(conversationId, { sentAt: now, idle });
      this.tell(conversationId, true);
    } else {
      this.mine.set(conversationId, { sentAt: current.sentAt, idle });
    }
  }

  /** A `typing` push. */
  receive(event: { conversationId: string; userId: string; typing: boolean }): void {
    if (event.userId === this.deps.selfId()) return; // our other device
    let typers = this.theirs.get(event.conversationId);
    const timer = typers?.get(event.userId);
    if (timer) clearTimeout(timer);
    if (event.typing) {
      if (!typers) this.theirs.set(event.conversationId, (typers = new Map()));
      typers.set(event.userId, setTimeout(() => this.receive({ ...event, typing: false }), LIMITS.typingTtlMs));
    } else {
      if (!timer) return;
      typers!.delete(event.userId);
    }
    this.emit(event.conversationId);
  }

  /** A message from a typer ends their indicator at once (they pressed Enter). */
  sent(conversationId: string, userId: string): void {
    if (this.theirs.get(conversationId)?.has(userId)) this.receive({ conversationId, userId, typing: false });
  }

  /** Offline or signed out: nobody is known to be typing, and ours is over. */
  clear(): void {
    for (const { idle } of this.mine.values()) clearTimeout(idle);
    this.mine.clear();
    for (const [conversationId, typers] of this.theirs) {
      for (const timer of typers.values()) clearTimeout(timer);
      typers.clear();
      this.emit(conversationId);
    }
    this.theirs.clear();
  }

  private emit(conversationId: string): void {
    const typers = this.theirs.get(conversationId);
    if (typers && typers.size === 0) this.theirs.delete(conversationId);
    this.deps.events.emit('typing.changed', { conversationId, userIds: [...(typers?.keys() ?? [])] });
  }

  private tell(conversationId: string, typing: boolean): void {
    if (!this.deps.isOnline()) return;
    this.deps.request('typing.set', { conversationId, typing }).catch((error) => this.deps.log('could not send typing', error));
  }
}
