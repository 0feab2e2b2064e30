import { describe, expect, it, vi } from 'vitest';
import { createPageNotifications, openInNewTab, type PageNotification, type PageNotificationApi } from './shell-notifications';

function fakeApi(permission: NotificationPermission) {
  const created: Array<FakeNotification> = [];
  class FakeNotification implements PageNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => {
      FakeNotification.permission = 'granted';
      return 'granted' as NotificationPermission;
    });
    onclick: ((event: Event) => void) | null = null;
    onclose: ((event: Event) => void) | null = null;
    closed = false;
    constructor(
      readonly title: string,
      readonly options: NotificationOptions,
    ) {
      created.push(this);
    }
    close() {
      this.closed = true;
    }
  }
  return { api: FakeNotification as unknown as PageNotificationApi & typeof FakeNotification, created };
}

const note = (tag: string, body = 'hi') => ({ tag, title: 'Bob', body, silent: true, target: { conversationId: 'c1' } });

function setup(permission: NotificationPermission) {
  const { api, created } = fakeApi(permission);
  const focus = vi.fn();
  const sendClick = vi.fn();
  let gesture: (() => void) | null = null;
  const page = createPageNotifications({ api, focus, sendClick, onFirstGesture: (ask) => (gesture = ask) });
  return { page, api, created, focus, sendClick, gesture: () => gesture?.() };
}

describe('notifications shown by the shell page', () => {
  it('asks for permission at the first user gesture, not before', async () => {
    const t = setup('default');
    expect(t.api.requestPermission).not.toHaveBeenCalled();
    t.gesture();
    expect(t.api.requestPermission).toHaveBeenCalledTimes(1);
  });

  it('does not ask when the user already answered', () => {
    const t = setup('denied');
    t.gesture();
    expect(t.api.requestPermission).not.toHaveBeenCalled();
    t.page.show(note('conversation:c1'));
    expect(t.created).toEqual([]);
  });

  it('shows with the tag, title, body and silence the core chose; the same tag replaces', () => {
    const t = setup('granted');
    t.page.show(note('conversation:c1', 'one'));
    t.page.show(note('conversation:c1', 'two'));
    expect(t.created.map((n) => [n.title, n.options])).toEqual([
      ['Bob', { body: 'one', tag: 'conversation:c1', silent: true }],
      ['Bob', { body: 'two', tag: 'conversation:c1', silent: true }],
    ]);
    expect(t.created[0]!.closed).toBe(true);
    expect(t.created[1]!.closed).toBe(false);
    t.page.close('conversation:c1');
    expect(t.created[1]!.closed).toBe(true);
  });

  it('a click focuses the tab and sends the tag back', () => {
    const t = setup('granted');
    t.page.show(note('conversation:c1'));
    t.created[0]!.onclick?.({ preventDefault: vi.fn() } as unknown as Event);
    expect(t.focus).toHaveBeenCalled();
    expect(t.sendClick).toHaveBeenCalledWith('conversation:c1');
    expect(t.created[0]!.closed).toBe(true);
  });

  it('without the Notification API (an old or locked-down browser) nothing breaks', () => {
    const page = createPageNotifications({ api: undefined, focus: vi.fn(), sendClick: vi.fn(), onFirstGesture: vi.fn() });
    expect(() => page.show(note('conversation:c1'))).not.toThrow();
    expect(() => page.close('conversation:c1')).not.toThrow();
  });
});

describe('links opened from the shell page', () => {
  it('open in a new tab without an opener, never in the app tab', () => {
    const open = vi.fn();
    expect(openInNewTab('https://example.com/path?q=1', open)).toBe(true);
    expect(open).toHaveBeenCalledWith('https://example.com/path?q=1', '_blank', 'noopener,noreferrer');
  });

  it('only http(s)', () => {
    const open = vi.fn();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'magpie://conversation/c1', 'nonsense']) {
      expect(openInNewTab(url, open)).toBe(false);
    }
    expect(open).not.toHaveBeenCalled();
  });
});
