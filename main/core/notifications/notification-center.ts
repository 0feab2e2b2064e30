import type { ConversationSummary } from '../../../shared/ipc';
import type { ServerEvent } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import type { AppSettingsService } from '../settings/app-settings';
import { ConversationBook } from './conversation-book';
import type { DesktopText } from './desktop-strings';
import { Notifier, type NavigateTarget, type NotificationChange } from './notifier';

/** What the host draws from the core: notifications to show and withdraw, the unread total. */
export interface NotificationFeed {
  onChange(listener: (change: NotificationChange) => void): () => void;
  /** Called at once with the current total (tray, dock badge), then on every change. */
  onUnreadTotal(listener: (total: number) => void): () => void;
  /** The user clicked the notification with this tag: the UI opens its conversation. */
  clicked(tag: string): void;
  /** Open a conversation in the UI (a magpie:// link): `app.navigate`. */
  open(target: NavigateTarget): void;
  /** The window hid or lost focus, whatever the page said last. */
  windowUnfocused(): void;
}

export interface NotificationCenterDeps {
  events: CoreEvents;
  settings: AppSettingsService;
  selfId: () => string | undefined;
  listConversations: () => Promise<ConversationSummary[]>;
  text: DesktopText;
  now: () => number;
  log: (message: string, detail?: unknown) => void;
}

/** The notifier and the unread total, kept in step with the core's events. */
export function createNotificationCenter(deps: NotificationCenterDeps) {
  const book = new ConversationBook({ list: deps.listConversations, log: deps.log });
  const notifier = new Notifier({ settings: deps.settings, book, selfId: deps.selfId, events: deps.events, text: deps.text, now: deps.now, log: deps.log });

  deps.events.on('conversations.changed', () => void book.refresh());
  deps.events.on('session.changed', (session) => {
    if (session.state === 'signed-out') {
      book.clear();
      notifier.reset();
    } else void book.refresh();
  });

  const serverEvent = (event: ServerEvent) => {
    if (event.event === 'message.new') {
      void notifier.liveMessage(event.data.message).catch((error) => deps.log('could not decide on a notification', error));
    } else if (event.event === 'message.updated') notifier.messageUpdated(event.data.message);
  };

  const feed: NotificationFeed = {
    onChange: (listener) => notifier.onChange(listener),
    onUnreadTotal: (listener) => book.onUnreadTotal(listener),
    clicked: (tag) => void notifier.clicked(tag),
    open: (target) => notifier.open(target),
    windowUnfocused: () => notifier.windowUnfocused(),
  };
  return { book, notifier, feed, serverEvent };
}
