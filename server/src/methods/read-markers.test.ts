import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { directPair, secondSocket, sendText, signedInClient } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import type { TestClient } from '../testing-client';
import { describeEachStore, storedRows } from '../test-stores';

describeEachStore('read markers and unread counts', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));
  const viewOf = async (client: TestClient, conversationId: string) =>
    (await client.request('conversations.list', {})).conversations.find((c) => c.id === conversationId)!;

  describe('marking read', () => {
    it('counts what others sent after the marker, and marking read clears it', async () => {
      const { alice, bob, conversation } = await directPair(server);
      for (const text of ['一', '二', '三']) await sendText(alice.client, conversation.id, text);
      expect(await viewOf(bob.client, conversation.id)).toMatchObject({ lastSeq: 3, readSeq: 0, unreadCount: 3, peerReadSeq: 3 });
      await expect(bob.client.request('conversations.markRead', { conversationId: conversation.id, seq: 2 })).resolves.toEqual({ readSeq: 2, unreadCount: 1 });
      expect(await viewOf(alice.client, conversation.id)).toMatchObject({ readSeq: 3, unreadCount: 0, peerReadSeq: 2 });
      for (const c of [alice.client, bob.client]) await c.close();
    });

    it('never moves a marker back, and clamps one past the newest message', async () => {
      const { alice, bob, conversation } = await directPair(server);
      for (let i = 0; i < 4; i++) await sendText(alice.client, conversation.id, `m${i}`);
      const mark = (seq: number) => bob.client.request('conversations.markRead', { conversationId: conversation.id, seq });
      await expect(mark(3)).resolves.toEqual({ readSeq: 3, unreadCount: 1 });
      await expect(mark(1)).resolves.toEqual({ readSeq: 3, unreadCount: 1 });
      await expect(mark(99)).resolves.toEqual({ readSeq: 4, unreadCount: 0 });
      await sendText(alice.client, conversation.id, 'later');
      expect(await viewOf(bob.client, conversation.id)).toMatchObject({ lastSeq: 5, readSeq: 4, unreadCount: 1 });
      for (const c of [alice.client, bob.client]) await c.close();
    });

    it('refuses people outside the conversation and unknown conversations', async () => {
      const { alice, bob, conversation } = await directPair(server);
      await sendText(alice.client, conversation.id, 'private');
      const mallory = await signedInClient(server, 'mallory');
      expect(await codeOf(mallory.client.request('conversations.markRead', { conversationId: conversation.id, seq: 1 }))).toBe('conversation.forbidden');
      expect(await codeOf(mallory.client.request('conversations.markRead', { conversationId: 'no-such-conversation', seq: 1 }))).toBe('conversation.not_found');
      expect((await viewOf(bob.client, conversation.id)).unreadCount).toBe(1);
      for (const c of [alice.client, bob.client, mallory.client]) await c.close();
    });
  });

  describe('own messages', () => {
    it('are never unread: sending moves the sender’s marker to the sent message', async () => {
      const { alice, bob, conversation } = await directPair(server);
      await sendText(bob.client, conversation.id, 'b1');
      await sendText(bob.client, conversation.id, 'b2');
      await sendText(alice.client, conversation.id, 'a3');
      await sendText(bob.client, conversation.id, 'b4');
      expect(await viewOf(alice.client, conversation.id)).toMatchObject({ readSeq: 3, unreadCount: 1, peerReadSeq: 4 });
      expect(await viewOf(bob.client, conversation.id)).toMatchObject({ readSeq: 4, unreadCount: 0, peerReadSeq: 3 });
      // catch-up carries the same per-person view
      const page = await alice.client.request('sync.catchUp', { after: 0, limit: 10 });
      expect(page.conversations.find((c) => c.id === conversation.id)).toMatchObject({ readSeq: 3, unreadCount: 1 });
      const rows = await storedRows<{ user_id: string; read_seq: number }>(server, 'SELECT user_id, read_seq FROM members WHERE conversation_id = ? ORDER BY read_seq', [conversation.id]);
      expect(rows.map((r) => Number(r.read_seq))).toEqual([3, 4]);
      for (const c of [alice.client, bob.client]) await c.close();
    });
  });

  describe('live read events', () => {
    it('tells the reader’s other devices and the peer, once, and says nothing when the marker did not move', async () => {
      const { alice, bob, conversation } = await directPair(server);
      for (let i = 0; i < 3; i++) await sendText(alice.client, conversation.id, `m${i}`);
      const bobPhone = await secondSocket(server, bob.session);
      await bob.client.request('conversations.markRead', { conversationId: conversation.id, seq: 3 });
      const expected = { conversationId: conversation.id, userId: bob.session.user.id, readSeq: 3 };
      for (const client of [bobPhone, alice.client, bob.client]) expect((await client.nextEvent('conversation.read')).data).toEqual(expected);
      await bob.client.request('conversations.markRead', { conversationId: conversation.id, seq: 2 });
      await new Promise((r) => setTimeout(r, 100));
      for (const client of [bobPhone, alice.client, bob.client]) expect(client.events.filter((e) => e.event === 'conversation.read')).toEqual([]);
      for (const c of [alice.client, bob.client, bobPhone]) await c.close();
    });
  });
});
