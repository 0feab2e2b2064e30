import type { AppSettings, ConversationSummary, DesktopNotification, EventPayload } from '../../../shared/ipc';
import type { Message } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import type { AppSettingsService } from '../settings/app-settings';
import { conversationName, notificationContent } from './content';
import type { ConversationBook, UnreadMark } from './conversation-book';
import { markOf } from './conversation-book';
import type { DesktopText } from './desktop-strings';
import { conversationDecision, messageDecision, type AppView } from './policy';

export type NotificationChange = { type: 'show'; notification: DesktopNotification } | { type: 'close'; tag: string };
export type NavigateTarget = EventPayload<'app.navigate'>;

export interface NotifierDeps {
  settings: Pick<AppSettingsService, 'get'>;
  book: ConversationBook;
  selfId: () => string | undefined;
  events: CoreEvents;
  text: DesktopText;
  now: () => number;
  log: (message: string, detail?: unknown) => void;
  /** Live messages are held at most this long while a catch-up runs. */
  catchUpHoldMs?: number;
  /** How long a message for a conversation the list does not have yet waits for it. */
  unknownConversationWaitMs?: number;
  /** A conversation's notification replaced sooner than this after the last one makes no sound. */
  quietReplaceMs?: number;
}

interface Shown {
  target: NavigateTarget | null;
  messageId: string | null;
  at: number;
}

interface CatchUp {
  baseline: Map<string, UnreadMark> | null;
  held: Message[];
  generation: number;
}

export const SUMMARY_TAG = 'summary';
export const conversationTag = (conversationId: string) => `conversation:${conversationId}`;

/**
 * Decides what the OS shows for new messages and tells the host (Electron's Notification, the
 * shell's page). One notification per conversation, replaced by the next; a burst after a
 * reconnect (the catch-up, and live messages that arrive meanwhile) becomes one summary instead
 * of dozens of banners; clicking one opens its conversation through `app.navigate`.
 */
export class Notifier {
  private view: AppView = { conversationId: null, focused: false };
  private readonly shown = new Map<string, Shown>();
  private readonly listeners = new Set<(change: NotificationChange) => void>();
  private catchUp: CatchUp | null = null;
  private generation = 0;

  constructor(private readonly deps: NotifierDeps) {
    deps.book.onRefresh((previous) => this.withdrawRead(previous));
  }

  onChange(listener: (change: NotificationChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setView(view: AppView): void {
    this.view = { ...view };
    // Looking at a conversation answers its notification.
    if (view.focused && view.conversationId) this.close(conversationTag(view.conversationId));
  }

  /** The window hid or lost focus (closing to the tray), whatever the page said last. */
  windowUnfocused(): void {
    this.view = { ...this.view, focused: false };
  }

  /** A notification was clicked: the UI goes to its conversation (a summary only raises the app). */
  clicked(tag: string): NavigateTarget | null {
    const target = this.shown.get(tag)?.target ?? null;
    this.close(tag);
    if (target) this.open(target);
    return target;
  }

  /** Opens a conversation in the UI (a clicked notification, a magpie:// link). */
  open(target: NavigateTarget): void {
    this.close(conversationTag(target.conversationId));
    this.deps.events.emit('app.navigate', target);
  }

  /** A `message.new` push. */
  async liveMessage(message: Message): Promise<void> {
    const selfId = this.deps.selfId();
    if (!selfId || message.senderId === selfId) return;
    const generation = this.generation;
    const [settings, conversation] = await Promise.all([
      this.deps.settings.get(),
      this.deps.book.find(message.conversationId, this.deps.unknownConversationWaitMs ?? 15_000),
    ]);
    if (generation !== this.generation || selfId !== this.deps.selfId()) return;
    if (!conversation) {
      this.deps.log('a message arrived for a conversation the list does not have yet; not notified');
      return;
    }
    const decision = messageDecision(message, selfId, this.context(conversation, settings));
    if (!decision.notify) return;
    if (this.catchUp) {
      this.catchUp.held.push(message);
      return;
    }
    this.showMessage(message, conversation, settings);
  }

  /** A `message.updated` push: a recalled message must not stay on screen. */
  messageUpdated(message: Pick<Message, 'id' | 'conversationId' | 'recalled'>): void {
    if (!message.recalled) return;
    const tag = conversationTag(message.conversationId);
    if (this.shown.get(tag)?.messageId === message.id) this.close(tag);
    if (this.catchUp) this.catchUp.held = this.catchUp.held.filter((held) => held.id !== message.id);
  }

  /**
   * A catch-up started (the socket is back): notifications wait until it is done, then what
   * arrived meanwhile is told once, in a summary.
   */
  catchingUp(done: Promise<unknown>): void {
    const generation = this.generation;
    const run = this.catchUp ?? { baseline: null, held: [], generation: 0 };
    run.generation += 1;
    const mine = run.generation;
    if (!this.catchUp) {
      this.catchUp = run;
      // What the list said before the catch-up wrote anything; read now only if never read.
      run.baseline = this.deps.book.snapshot();
      if (!run.baseline) {
        void this.deps.book.baseline().then((baseline) => {
          run.baseline ??= baseline;
        });
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hold = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.deps.catchUpHoldMs ?? 30_000);
      (timer as { unref?: () => void }).unref?.();
    });
    void Promise.race([done.then(noop, noop), hold]).then(async () => {
      clearTimeout(timer);
      // A newer catch-up (another reconnect) took over this one; it will finish the run.
      if (this.catchUp !== run || run.generation !== mine || generation !== this.generation) return;
      this.catchUp = null;
      await this.summarize(run).catch((error) => this.deps.log('could not summarize the catch-up', error));
    });
  }

  /** Signed out: nothing stays on screen and nothing pending is told. */
  reset(): void {
    this.generation += 1;
    this.catchUp = null;
    for (const tag of [...this.shown.keys()]) this.close(tag);
  }

  private async summarize(run: CatchUp): Promise<void> {
    const selfId = this.deps.selfId();
    if (!selfId) return;
    const generation = this.generation;
    await this.deps.book.refresh();
    const settings = await this.deps.settings.get();
    if (generation !== this.generation) return;
    const counts = new Map<string, { count: number; latest: Message | null }>();
    for (const conversation of this.deps.book.all()) {
      if (!run.baseline || !conversationDecision(this.context(conversation, settings)).notify) continue;
      const before = run.baseline.get(conversation.id) ?? { unread: 0, mentions: 0 };
      const after = markOf(conversation);
      const countsMentionsOnly = settings.notifications.mode === 'mentions' && conversation.kind === 'group';
      const added = countsMentionsOnly ? after.mentions - before.mentions : after.unread - before.unread;
      if (added > 0) counts.set(conversation.id, { count: added, latest: null });
    }
    for (const message of run.held) {
      const conversation = this.deps.book.get(message.conversationId);
      if (!conversation || !messageDecision(message, selfId, this.context(conversation, settings)).notify) continue;
      const entry = counts.get(message.conversationId) ?? { count: 0, latest: null };
      entry.latest = message;
      entry.count = Math.max(entry.count, run.held.filter((held) => held.conversationId === message.conversationId).length);
      counts.set(message.conversationId, entry);
    }
    if (counts.size === 0) return;
    const silent = !settings.notifications.sound;
    if (counts.size === 1) {
      const [conversationId, { count, latest }] = [...counts][0]!;
      const conversation = this.deps.book.get(conversationId);
      if (!conversation) return;
      if (latest && count === 1) return this.showMessage(latest, conversation, settings);
      this.show({
        tag: conversationTag(conversationId),
        title: conversationName(conversation, selfId, this.deps.text),
        body: this.deps.text('notification.newMessages', { count }),
        silent,
        target: { conversationId },
      }, latest?.id ?? null);
      return;
    }
    const total = [...counts.values()].reduce((sum, entry) => sum + entry.count, 0);
    this.show({
      tag: SUMMARY_TAG,
      title: this.deps.text('notification.summaryTitle'),
      body: this.deps.text('notification.summaryBody', { count: total, conversations: counts.size }),
      silent,
      target: null,
    }, null);
  }

  private showMessage(message: Message, conversation: ConversationSummary, settings: AppSettings): void {
    const { title, body } = notificationContent(message, conversation, this.deps.text);
    const tag = conversationTag(conversation.id);
    const previous = this.shown.get(tag);
    // A busy conversation updates its banner without a sound for every line.
    const quiet = previous !== undefined && this.deps.now() - previous.at < (this.deps.quietReplaceMs ?? 5_000);
    this.show(
      { tag, title, body, silent: !settings.notifications.sound || quiet, target: { conversationId: conversation.id, seq: message.seq } },
      message.id,
    );
  }

  private show(notification: DesktopNotification, messageId: string | null): void {
    this.shown.set(notification.tag, { target: notification.target, messageId, at: this.deps.now() });
    this.emit({ type: 'show', notification });
  }

  private close(tag: string): void {
    if (!this.shown.delete(tag)) return;
    this.emit({ type: 'close', tag });
  }

  /** A conversation read elsewhere (or here) takes its notification with it. */
  private withdrawRead(previous: ReadonlyMap<string, ConversationSummary>): void {
    for (const [conversationId, before] of previous) {
      const now = this.deps.book.get(conversationId);
      if (before.unreadCount > 0 && (!now || now.unreadCount === 0)) this.close(conversationTag(conversationId));
    }
  }

  private context(conversation: ConversationSummary, settings: AppSettings) {
    return { conversation, settings: settings.notifications, view: this.view, now: this.deps.now() };
  }

  private emit(change: NotificationChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.deps.log('a notification listener threw', error);
      }
    }
  }
}

function noop(): void {}
