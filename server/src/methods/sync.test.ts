import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import type { Conversation, Message, MethodResult } from '../../../shared/protocol';
import { directPair, secondSocket, sendText, signedInClient } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import type { TestClient } from '../testing-client';
import { describeEachStore } from '../test-stores';

type Page = MethodResult<'sync.catchUp'>;

/** Everything after `after`, page by page, as a client applies it: latest state of each thing wins. */
async function catchUpAll(client: TestClient, after: number, limit = 500) {
  const messages = new Map<string, Message>();
  const conversations = new Map<string, Conversation>();
  const hidden: Page['hidden'] = [];
  let cursor = after;
  let pages = 0;
  for (;;) {
    const page = await client.request('sync.catchUp', { after: cursor, limit });
    pages += 1;
    for (const m of page.messages) messages.set(m.id, m);
    for (const c of page.conversations) conversations.set(c.id, c);
    hidden.push(...page.hidden);
    expect(page.cursor).toBeGreaterThanOrEqual(cursor);
    cursor = page.cursor;
    if (!page.hasMore) return { messages, conversations, hidden, cursor, pages };
    if (pages > 100) throw new Error('catch-up does not end');
  }
}

describeEachStore('the change feed', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));

  describe('catch-up', () => {
    it('brings a second device new messages, edits, recalls and reactions, each in its current state', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const laptop = await secondSocket(server, bob.session);
      const start = (await laptop.request('sync.bootstrap', {})).head;
      const first = await sendText(alice.client, conversation.id, 'first draft');
      const second = await sendText(alice.client, conversation.id, 'to be recalled');
      await alice.client.request('messages.edit', { messageId: first.id, text: 'final text' });
      await bob.client.request('messages.react', { messageId: first.id, emoji: '👍', on: true });
      await alice.client.request('messages.recall', { messageId: second.id });
      const caught = await catchUpAll(laptop, start);
      expect(caught.messages.get(first.id)).toMatchObject({ text: 'final text', editedAt: expect.any(Number), reactions: [{ emoji: '👍', userIds: [bob.session.user.id] }] });
      expect(caught.messages.get(second.id)).toMatchObject({ text: '', recalled: { by: alice.session.user.id } });
      expect(caught.conversations.get(conversation.id)).toMatchObject({ lastSeq: 2, state: 'active' });
      // Each message's rev is the feed position of its last change, so it is at or below the cursor.
      expect(caught.messages.get(first.id)!.rev).toBeGreaterThan(first.rev);
      expect(Math.max(...[...caught.messages.values()].map((m) => m.rev))).toBeLessThanOrEqual(caught.cursor);
      // Up to date: nothing more, and the cursor stays put.
      const again = await laptop.request('sync.catchUp', { after: caught.cursor, limit: 10 });
      expect(again).toEqual({ conversations: [], messages: [], hidden: [], cursor: caught.cursor, hasMore: false });
      for (const c of [alice.client, bob.client, laptop]) await c.close();
    });

    it('pages in feed order with a small limit and misses nothing', async () => {
      const me = await signedInClient(server, 'pager');
      const start = (await me.client.request('sync.bootstrap', {})).head;
      const friends = await Promise.all([signedInClient(server, 'f'), signedInClient(server, 'f'), signedInClient(server, 'f')]);
      const sent: string[] = [];
      for (const [index, friend] of friends.entries()) {
        const { conversation } = await friend.client.request('conversations.openDirect', { userId: me.session.user.id });
        for (let i = 1; i <= 4 + index; i++) sent.push((await sendText(friend.client, conversation.id, `${index}:${i}`)).id);
      }
      const caught = await catchUpAll(me.client, start, 4);
      expect(caught.pages).toBeGreaterThan(3);
      expect(new Set(caught.messages.keys())).toEqual(new Set(sent));
      expect(caught.conversations.size).toBe(3);
      for (const s of [me, ...friends]) await s.client.close();
    });

    it('tells a removed member they left (state, read-only), and nothing said after', async () => {
      const owner = await signedInClient(server, 'owner');
      const gone = await signedInClient(server, 'gone');
      const stays = await signedInClient(server, 'stays');
      const { conversation: group } = await owner.client.request('groups.create', { title: '项目组', memberIds: [gone.session.user.id, stays.session.user.id] });
      const start = (await gone.client.request('sync.bootstrap', {})).head;
      await sendText(owner.client, group.id, 'before');
      await owner.client.request('groups.removeMember', { conversationId: group.id, userId: gone.session.user.id });
      await sendText(owner.client, group.id, 'after, not for you');
      const caught = await catchUpAll(gone.client, start);
      const view = caught.conversations.get(group.id)!;
      expect(view).toMatchObject({ state: 'left', members: [] });
      const texts = [...caught.messages.values()].map((m) => m.system?.type ?? m.text);
      expect(texts).toContain('before');
      expect(texts).toContain('member.removed');
      expect(texts).not.toContain('after, not for you');
      expect(Math.max(...[...caught.messages.values()].map((m) => m.seq))).toBe(view.lastSeq);
      expect(await codeOf(gone.client.request('messages.send', { conversationId: group.id, clientId: 'x1', text: 'hello?' }))).toBe('conversation.inactive');
      const history = await gone.client.request('messages.history', { conversationId: group.id, limit: 50 });
      expect(history.messages.map((m) => m.text)).not.toContain('after, not for you');
      for (const s of [owner, gone, stays]) await s.client.close();
    });

    it('tells every member a group was dissolved', async () => {
      const owner = await signedInClient(server, 'owner');
      const member = await signedInClient(server, 'member');
      const { conversation: group } = await owner.client.request('groups.create', { title: 'Short-lived', memberIds: [member.session.user.id] });
      const start = (await member.client.request('sync.bootstrap', {})).head;
      await owner.client.request('groups.dissolve', { conversationId: group.id });
      const caught = await catchUpAll(member.client, start);
      expect(caught.conversations.get(group.id)).toMatchObject({ state: 'dissolved', members: [] });
      expect([...caught.messages.values()].map((m) => m.system?.type)).toContain('group.dissolved');
      for (const s of [owner, member]) await s.client.close();
    });

    it('reports messages hidden on another device in `hidden`, and hides them from history and search', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const phone = await secondSocket(server, bob.session);
      const start = (await phone.request('sync.bootstrap', {})).head;
      const secret = await sendText(alice.client, conversation.id, 'hideable zebra');
      await bob.client.request('messages.hide', { messageId: secret.id });
      await bob.client.request('messages.hide', { messageId: secret.id }); // twice is fine
      const caught = await catchUpAll(phone, start);
      expect(caught.hidden).toEqual([{ conversationId: conversation.id, messageId: secret.id }]);
      expect(caught.messages.has(secret.id)).toBe(false);
      expect((await bob.client.request('messages.history', { conversationId: conversation.id, limit: 10 })).messages).toEqual([]);
      expect((await bob.client.request('messages.search', { query: 'zebra', limit: 10 })).results).toEqual([]);
      expect((await alice.client.request('messages.search', { query: 'zebra', limit: 10 })).results).toHaveLength(1);
      for (const c of [alice.client, bob.client, phone]) await c.close();
    });

    it('carries read markers and settings to the reader’s other devices, and a direct peer’s marker to the peer', async () => {
      const { alice, bob, conversation } = await directPair(server);
      for (let i = 0; i < 3; i++) await sendText(alice.client, conversation.id, `m${i}`);
      const start = (await alice.client.request('sync.bootstrap', {})).head;
      const bobLaptop = await secondSocket(server, bob.session);
      await bob.client.request('conversations.markRead', { conversationId: conversation.id, seq: 3 });
      await bob.client.request('conversations.updateSettings', { conversationId: conversation.id, muted: true, pinned: true });
      expect((await catchUpAll(bobLaptop, start)).conversations.get(conversation.id)).toMatchObject({ readSeq: 3, unreadCount: 0, settings: { muted: true, pinned: true } });
      const aliceView = (await catchUpAll(alice.client, start)).conversations.get(conversation.id)!;
      expect(aliceView).toMatchObject({ peerReadSeq: 3, settings: { muted: false, pinned: false } });
      for (const c of [alice.client, bob.client, bobLaptop]) await c.close();
    });

    it('refuses a cursor this feed never reached with sync.cursor_expired', async () => {
      const me = await signedInClient(server, 'future');
      const { head } = await me.client.request('sync.bootstrap', {});
      expect(await codeOf(me.client.request('sync.catchUp', { after: head + 1_000_000, limit: 10 }))).toBe('sync.cursor_expired');
      await me.client.close();
    });
  });

  describe('bootstrap', () => {
    it('pages conversations with their newest messages; catching up from the first head misses nothing', async () => {
      const me = await signedInClient(server, 'boot');
      const others = await Promise.all(Array.from({ length: 3 }, () => signedInClient(server, 'o')));
      for (const other of others) {
        const { conversation } = await other.client.request('conversations.openDirect', { userId: me.session.user.id });
        for (let i = 0; i < 5; i++) await sendText(other.client, conversation.id, `hello ${i}`);
      }
      const first = await me.client.request('sync.bootstrap', { recent: 2 });
      expect(first.conversations).toHaveLength(3);
      expect(first.conversations.map((c) => c.id)).toEqual([...first.conversations.map((c) => c.id)].sort());
      expect(first.messages).toHaveLength(6);
      expect(first.messages.filter((m) => m.conversationId === first.conversations[0]!.id).map((m) => m.seq)).toEqual([4, 5]);
      expect(first.next).toBeNull();
      const late = await sendText(others[0]!.client, first.conversations.find((c) => c.members.some((m) => m.id === others[0]!.session.user.id))!.id, 'late');
      const caught = await catchUpAll(me.client, first.head);
      expect([...caught.messages.keys()]).toEqual([late.id]);
      for (const s of [me, ...others]) await s.client.close();
    });

    it('a joiner of a group without visible history sees only what came after joining, and starts read', async () => {
      const owner = await signedInClient(server, 'owner');
      const joiner = await signedInClient(server, 'joiner');
      const { conversation: group } = await owner.client.request('groups.create', { title: 'Private past', memberIds: [], historyVisible: false });
      await sendText(owner.client, group.id, 'old news');
      await owner.client.request('groups.addMembers', { conversationId: group.id, userIds: [joiner.session.user.id] });
      await sendText(owner.client, group.id, 'welcome');
      const boot = await joiner.client.request('sync.bootstrap', {});
      const view = boot.conversations.find((c) => c.id === group.id)!;
      expect(view).toMatchObject({ visibleFromSeq: 2, lastSeq: 4, readSeq: 3, unreadCount: 1 });
      expect(boot.messages.filter((m) => m.conversationId === group.id).map((m) => m.system?.type ?? m.text)).toEqual(['member.joined', 'welcome']);
      const history = await joiner.client.request('messages.history', { conversationId: group.id, limit: 50 });
      expect(history.messages.map((m) => m.seq)).toEqual([3, 4]);
      expect((await joiner.client.request('messages.search', { query: 'news', limit: 10 })).results).toEqual([]);
      const caught = await catchUpAll(joiner.client, 0);
      expect([...caught.messages.values()].map((m) => m.seq).sort()).toEqual([3, 4]);
      for (const s of [owner, joiner]) await s.client.close();
    });
  });
});
