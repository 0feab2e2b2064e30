import { describe, expect, it, vi } from 'vitest';
import { ConversationSummarySchema, type ConversationSummary, type EventPayload } from '../../../shared/ipc';
import { MessageSchema, type Message } from '../../../shared/protocol';
import { CoreEvents } from '../events';
import { AppSettingsService } from '../settings/app-settings';
import { MemorySettingsStorage } from '../settings/settings-storage';
import { createNotificationCenter } from './notification-center';
import { desktopText } from './desktop-strings';
import type { NotificationChange } from './notifier';

const SELF = 'me';
const member = (id: string, displayName: string) => ({ id, username: id, displayName });

function conversation(id: string, over: Record<string, unknown> = {}): ConversationSummary {
  return ConversationSummarySchema.parse({
    id,
    kind: 'group',
    title: `Group ${id}`,
    members: [member(SELF, 'Me'), member('bob', 'Bob'), member('ann', 'Ann')],
    lastSeq: 0,
    createdAt: 1,
    lastMessage: null,
    ...over,
  });
}

let seq = 0;
function message(conversationId: string, over: Partial<Message> = {}): Message {
  seq += 1;
  return MessageSchema.parse({ id: `m${seq}`, conversationId, seq, clientId: `k${seq}`, senderId: 'bob', text: `hello ${seq}`, createdAt: 1, ...over });
}

function setup(initial: ConversationSummary[] = [conversation('c1'), conversation('c2'), conversation('c3')]) {
  let list = initial;
  let clock = 1_000_000;
  let user: string | undefined = SELF;
  const events = new CoreEvents();
  const settings = new AppSettingsService({ storage: new MemorySettingsStorage(), events, log: () => {} });
  const center = createNotificationCenter({
    events,
    settings,
    selfId: () => user,
    listConversations: async () => {
      if (!user) throw new Error('signed out');
      return list;
    },
    text: desktopText('en'),
    now: () => clock,
    log: () => {},
  });
  const changes: NotificationChange[] = [];
  center.feed.onChange((change) => changes.push(change));
  const navigations: Array<EventPayload<'app.navigate'>> = [];
  events.on('app.navigate', (target) => navigations.push(target));
  const shows = () => changes.flatMap((change) => (change.type === 'show' ? [change.notification] : []));
  const closes = () => changes.flatMap((change) => (change.type === 'close' ? [change.tag] : []));
  return {
    center,
    events,
    settings,
    changes,
    shows,
    closes,
    navigations,
    setList: (next: ConversationSummary[]) => {
      list = next;
    },
    tick: (ms: number) => {
      clock += ms;
    },
    signOut: () => {
      user = undefined;
      events.emit('session.changed', { state: 'signed-out', serverUrl: 'http://x' });
    },
    live: (m: Message) => center.serverEvent({ event: 'message.new', data: { message: m } }),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('notifications for live messages', () => {
  it('a message from someone else shows one notification that opens its conversation', async () => {
    const t = setup();
    const m = message('c1');
    t.live(m);
    await settle();
    expect(t.shows()).toEqual([
      { tag: 'conversation:c1', title: 'Group c1', body: `Bob: ${m.text}`, silent: false, target: { conversationId: 'c1', seq: m.seq } },
    ]);
    t.center.feed.clicked('conversation:c1');
    expect(t.navigations).toEqual([{ conversationId: 'c1', seq: m.seq }]);
    expect(t.closes()).toEqual(['conversation:c1']);
  });

  it('one conversation keeps one notification: the next message replaces it, quietly when soon after', async () => {
    const t = setup();
    t.live(message('c1'));
    await settle();
    t.tick(1_000);
    t.live(message('c1'));
    await settle();
    t.tick(10_000);
    t.live(message('c1'));
    await settle();
    expect(t.shows().map((n) => [n.tag, n.silent])).toEqual([
      ['conversation:c1', false],
      ['conversation:c1', true],
      ['conversation:c1', false],
    ]);
  });

  it('sound off makes every notification silent', async () => {
    const t = setup();
    await t.settings.update({ notifications: { sound: false } });
    t.live(message('c2'));
    await settle();
    expect(t.shows()[0]?.silent).toBe(true);
  });

  it('the conversation in view in a focused window is not notified; opening one withdraws its notification', async () => {
    const t = setup();
    t.center.notifier.setView({ conversationId: 'c1', focused: true });
    t.live(message('c1'));
    t.live(message('c2'));
    await settle();
    expect(t.shows().map((n) => n.tag)).toEqual(['conversation:c2']);
    t.center.feed.windowUnfocused();
    t.live(message('c1'));
    await settle();
    expect(t.shows().map((n) => n.tag)).toEqual(['conversation:c2', 'conversation:c1']);
    t.center.notifier.setView({ conversationId: 'c2', focused: true });
    expect(t.closes()).toEqual(['conversation:c2']);
  });

  it('settings are read at each message: do not disturb and mentions mode apply at once', async () => {
    const t = setup();
    await t.settings.update({ notifications: { dndUntil: 1_000_000 + 60_000 } });
    t.live(message('c1'));
    await settle();
    expect(t.shows()).toHaveLength(0);
    await t.settings.update({ notifications: { dndUntil: null, mode: 'mentions' } });
    t.live(message('c1'));
    t.live(message('c1', { mentions: [SELF] }));
    await settle();
    expect(t.shows()).toHaveLength(1);
  });

  it('a message recalled while on screen is taken down', async () => {
    const t = setup();
    const m = message('c1');
    t.live(m);
    await settle();
    t.center.serverEvent({ event: 'message.updated', data: { message: { ...m, text: '', recalled: { by: 'bob', at: 2 } } } });
    expect(t.closes()).toEqual(['conversation:c1']);
  });

  it('a conversation read elsewhere takes its notification with it', async () => {
    const t = setup();
    t.setList([conversation('c1', { unreadCount: 2, lastSeq: 2 }), conversation('c2')]);
    t.events.emit('conversations.changed', {});
    await settle();
    t.live(message('c1'));
    await settle();
    t.setList([conversation('c1', { unreadCount: 0, lastSeq: 2, readSeq: 2 }), conversation('c2')]);
    t.events.emit('conversations.changed', {});
    await settle();
    expect(t.closes()).toEqual(['conversation:c1']);
  });

  it('a message for a conversation not yet known is decided once the list has it', async () => {
    const t = setup([conversation('c1')]);
    t.events.emit('conversations.changed', {});
    await settle();
    t.setList([conversation('c1'), conversation('new', { kind: 'direct', title: '' })]);
    t.live(message('new'));
    await settle();
    expect(t.shows().map((n) => [n.tag, n.title])).toEqual([['conversation:new', 'Bob']]);
  });

  it('the first message of a new conversation waits for its record to arrive', async () => {
    const t = setup([conversation('c1')]);
    t.events.emit('conversations.changed', {});
    await settle();
    t.live(message('later'));
    await settle();
    expect(t.shows()).toEqual([]);
    t.setList([conversation('c1'), conversation('later')]);
    t.events.emit('conversations.changed', {});
    await settle();
    await settle();
    expect(t.shows().map((n) => n.tag)).toEqual(['conversation:later']);
  });

  it('signing out withdraws everything', async () => {
    const t = setup();
    t.live(message('c1'));
    t.live(message('c2'));
    await settle();
    t.signOut();
    expect(t.closes().sort()).toEqual(['conversation:c1', 'conversation:c2']);
    t.live(message('c3'));
    await settle();
    expect(t.shows()).toHaveLength(2);
  });
});

describe('a burst after reconnect', () => {
  async function reconnected(t: ReturnType<typeof setup>) {
    t.events.emit('conversations.changed', {});
    await settle();
    let finish!: () => void;
    t.center.notifier.catchingUp(new Promise<void>((resolve) => (finish = resolve)));
    return async () => {
      finish();
      await settle();
      await settle();
    };
  }

  it('becomes one summary notification, not one per message', async () => {
    const t = setup();
    const done = await reconnected(t);
    for (let i = 0; i < 5; i++) t.live(message(i % 2 ? 'c1' : 'c2'));
    t.setList([
      conversation('c1', { unreadCount: 10 }),
      conversation('c2', { unreadCount: 4 }),
      conversation('c3', { unreadCount: 3, settings: { muted: true, pinned: false } }),
    ]);
    await settle();
    expect(t.shows()).toHaveLength(0);
    await done();
    expect(t.shows()).toEqual([{ tag: 'summary', title: 'Magpie', body: '14 new messages in 2 conversations', silent: false, target: null }]);
    t.center.feed.clicked('summary');
    expect(t.navigations).toEqual([]);
  });

  it('in one conversation it names the conversation and the count', async () => {
    const t = setup();
    const done = await reconnected(t);
    t.setList([conversation('c1', { unreadCount: 6 }), conversation('c2'), conversation('c3')]);
    await done();
    expect(t.shows()).toEqual([{ tag: 'conversation:c1', title: 'Group c1', body: '6 new messages', silent: false, target: { conversationId: 'c1' } }]);
  });

  it('a single message that arrived meanwhile is shown as itself', async () => {
    const t = setup();
    const done = await reconnected(t);
    const m = message('c2');
    t.live(m);
    t.setList([conversation('c1'), conversation('c2', { unreadCount: 1 }), conversation('c3')]);
    await settle();
    await done();
    expect(t.shows()).toEqual([expect.objectContaining({ tag: 'conversation:c2', body: `Bob: ${m.text}` })]);
  });

  it('in mentions mode counts only mentions in groups and every direct message', async () => {
    const t = setup([conversation('c1'), conversation('d1', { kind: 'direct', title: '' })]);
    await t.settings.update({ notifications: { mode: 'mentions' } });
    const done = await reconnected(t);
    t.setList([conversation('c1', { unreadCount: 50, unreadMentions: 1 }), conversation('d1', { kind: 'direct', title: '', unreadCount: 2 })]);
    await done();
    expect(t.shows()[0]?.body).toBe('3 new messages in 2 conversations');
  });

  it('a first sign-in on this device (nothing known before) tells nothing', async () => {
    const t = setup([]);
    const done = await reconnected(t);
    t.setList([conversation('c1', { unreadCount: 500 }), conversation('c2', { unreadCount: 20 })]);
    await done();
    expect(t.shows()).toEqual([]);
  });

  it('holds live messages no longer than the hold time', async () => {
    vi.useFakeTimers();
    try {
      const t = setup();
      t.events.emit('conversations.changed', {});
      await vi.advanceTimersByTimeAsync(0);
      t.center.notifier.catchingUp(new Promise(() => {}));
      t.live(message('c1'));
      await vi.advanceTimersByTimeAsync(29_000);
      expect(t.shows()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(t.shows().map((n) => n.tag)).toEqual(['conversation:c1']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the unread total for the tray and badge', () => {
  it('sums unread over active conversations that are not muted, and follows changes', async () => {
    const t = setup([]);
    const totals: number[] = [];
    t.center.feed.onUnreadTotal((total) => totals.push(total));
    t.setList([
      conversation('c1', { unreadCount: 3 }),
      conversation('c2', { unreadCount: 4, settings: { muted: true, pinned: false } }),
      conversation('c3', { unreadCount: 5, state: 'left' }),
      conversation('d1', { kind: 'direct', unreadCount: 2 }),
    ]);
    t.events.emit('conversations.changed', {});
    await settle();
    t.setList([conversation('c1', { unreadCount: 0 }), conversation('d1', { kind: 'direct', unreadCount: 2 })]);
    t.events.emit('conversations.changed', {});
    await settle();
    t.signOut();
    expect(totals).toEqual([0, 5, 2, 0]);
  });
});
