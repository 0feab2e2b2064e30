import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, SyncCursor } from '../../../shared/protocol';
import { sendText, signedInClient } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { describeEachStore } from '../test-stores';

describeEachStore('catch-up', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('catch-up', () => {
    it('pages through everything missed across conversations, oldest first, until hasMore is false', async () => {
      const me = await signedInClient(server, 'me');
      const friends = await Promise.all([signedInClient(server, 'f'), signedInClient(server, 'f'), signedInClient(server, 'f')]);
      const conversationIds: string[] = [];
      for (const [index, friend] of friends.entries()) {
        const { conversation } = await friend.client.request('conversations.openDirect', { userId: me.session.user.id });
        conversationIds.push(conversation.id);
        for (let i = 1; i <= 4 + index; i++) await sendText(friend.client, conversation.id, `${index}:${i}`);
      }
      // 4 + 5 + 6 = 15 messages, fetched 4 at a time by a client that knows nothing yet.
      const cursors = new Map<string, number>();
      const received: Message[] = [];
      const seenConversations = new Set<string>();
      for (let round = 0; round < 10; round++) {
        const list: SyncCursor[] = [...cursors].map(([conversationId, seq]) => ({ conversationId, seq }));
        const page = await me.client.request('sync.catchUp', { cursors: list, limit: 4 });
        page.conversations.forEach((c) => seenConversations.add(c.id));
        for (const c of page.conversations) if (!cursors.has(c.id)) cursors.set(c.id, 0);
        expect(page.messages.length).toBeLessThanOrEqual(4);
        for (const m of page.messages) {
          expect(m.seq).toBe(cursors.get(m.conversationId)! + 1); // gap-free, oldest first
          cursors.set(m.conversationId, m.seq);
          received.push(m);
        }
        if (!page.hasMore) break;
      }
      expect(received).toHaveLength(15);
      expect(new Set(seenConversations)).toEqual(new Set(conversationIds));
      const done = await me.client.request('sync.catchUp', { cursors: [...cursors].map(([conversationId, seq]) => ({ conversationId, seq })), limit: 4 });
      expect(done).toEqual({ conversations: [], messages: [], hasMore: false });
      for (const s of [me, ...friends]) await s.client.close();
    });

    it('names conversations the client does not know even when they are empty, and groups messages by conversation', async () => {
      const me = await signedInClient(server, 'me');
      const quiet = await signedInClient(server, 'quiet');
      const chatty = await signedInClient(server, 'chatty');
      const { conversation: empty } = await quiet.client.request('conversations.openDirect', { userId: me.session.user.id });
      const { conversation: busy } = await chatty.client.request('conversations.openDirect', { userId: me.session.user.id });
      for (let i = 0; i < 3; i++) await sendText(chatty.client, busy.id, `hi ${i}`);
      const page = await me.client.request('sync.catchUp', { cursors: [], limit: 100 });
      expect(page.conversations.map((c) => c.id).sort()).toEqual([empty.id, busy.id].sort());
      expect(page.messages.map((m) => [m.conversationId, m.seq])).toEqual([[busy.id, 1], [busy.id, 2], [busy.id, 3]]);
      expect(page.hasMore).toBe(false);
      const known = await me.client.request('sync.catchUp', { cursors: [{ conversationId: empty.id, seq: 0 }, { conversationId: busy.id, seq: 2 }], limit: 100 });
      expect(known.conversations.map((c) => c.id)).toEqual([busy.id]);
      expect(known.messages.map((m) => m.seq)).toEqual([3]);
      for (const s of [me, quiet, chatty]) await s.client.close();
    });
  });
});
