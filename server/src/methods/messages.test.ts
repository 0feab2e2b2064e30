import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import type { Message } from '../../../shared/protocol';
import { directPair, secondSocket, sendText, signedInClient, uniqueName } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { describeEachStore } from '../test-stores';

describeEachStore('messages', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));
  const messageOf = (event: { event: string; data: unknown }) => (event.data as { message: Message }).message;

  describe('sending messages', () => {
    it('pushes a new message to the other member, to the sender’s other device and to the sending socket', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const alicePhone = await secondSocket(server, alice.session);
      const sent = await sendText(alice.client, conversation.id, '你好 Bob');
      expect(sent).toMatchObject({ conversationId: conversation.id, seq: 1, senderId: alice.session.user.id, text: '你好 Bob', kind: 'text' });
      for (const client of [bob.client, alicePhone, alice.client]) {
        expect(messageOf(await client.nextEvent('message.new'))).toEqual(sent);
      }
      for (const c of [alice.client, bob.client, alicePhone]) await c.close();
    });

    it('a resend with the same clientId never duplicates: same message, same seq, no second push', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const clientId = uniqueName('outbox');
      const first = await alice.client.request('messages.send', { conversationId: conversation.id, clientId, text: 'once' });
      const again = await alice.client.request('messages.send', { conversationId: conversation.id, clientId, text: 'once' });
      expect(again.message).toEqual(first.message);
      await bob.client.nextEvent('message.new');
      const next = await sendText(alice.client, conversation.id, 'twice');
      expect(next.seq).toBe(first.message.seq + 1);
      expect(messageOf(await bob.client.nextEvent('message.new')).id).toBe(next.id);
      const history = await bob.client.request('messages.history', { conversationId: conversation.id, limit: 10 });
      expect(history.messages.map((m) => m.text)).toEqual(['once', 'twice']);
      await alice.client.close();
      await bob.client.close();
    });

    it('assigns gap-free seqs under 50 concurrent sends from two sockets', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const sends = Array.from({ length: 50 }, (_, i) =>
        sendText(i % 2 === 0 ? alice.client : bob.client, conversation.id, `message ${i}`),
      );
      const messages = await Promise.all(sends);
      expect(messages.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      // Each socket's own sends keep their order.
      const aliceSeqs = messages.filter((_, i) => i % 2 === 0).map((m) => m.seq);
      expect([...aliceSeqs].sort((a, b) => a - b)).toEqual(aliceSeqs);
      const { conversations } = await bob.client.request('conversations.list', {});
      expect(conversations.find((c) => c.id === conversation.id)?.lastSeq).toBe(50);
      await alice.client.close();
      await bob.client.close();
    });
  });

  describe('membership', () => {
    it('a third person cannot send to, read the history of, or catch up on a conversation', async () => {
      const { alice, bob, conversation } = await directPair(server);
      await sendText(alice.client, conversation.id, 'private');
      const mallory = await signedInClient(server, 'mallory');
      expect(await codeOf(mallory.client.request('messages.send', { conversationId: conversation.id, clientId: 'm1', text: 'hi' }))).toBe('conversation.forbidden');
      expect(await codeOf(mallory.client.request('messages.history', { conversationId: conversation.id, limit: 50 }))).toBe('conversation.forbidden');
      const caught = await mallory.client.request('sync.catchUp', { after: 0, limit: 50 });
      expect(caught.conversations.map((c) => c.id)).not.toContain(conversation.id);
      expect(caught.messages.filter((m) => m.conversationId === conversation.id)).toEqual([]);
      expect(await codeOf(mallory.client.request('messages.send', { conversationId: 'no-such-conversation', clientId: 'm2', text: 'hi' }))).toBe('conversation.not_found');
      expect(mallory.client.events).toEqual([]);
      for (const c of [alice.client, bob.client, mallory.client]) await c.close();
    });
  });

  describe('history', () => {
    it('pages backwards from beforeSeq, each page in ascending seq order, with hasMore', async () => {
      const { alice, conversation } = await directPair(server);
      for (let i = 1; i <= 7; i++) await sendText(alice.client, conversation.id, `m${i}`);
      const page = (beforeSeq?: number) =>
        alice.client.request('messages.history', { conversationId: conversation.id, limit: 3, ...(beforeSeq ? { beforeSeq } : {}) });
      const newest = await page();
      expect(newest.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
      expect(newest.hasMore).toBe(true);
      const middle = await page(5);
      expect(middle.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
      expect(middle.hasMore).toBe(true);
      const oldest = await page(2);
      expect(oldest.messages.map((m) => m.seq)).toEqual([1]);
      expect(oldest.hasMore).toBe(false);
      await alice.client.close();
    });

    it('keeps a reply within the frame limit by cutting a page of long messages short', async () => {
      const { alice, conversation } = await directPair(server);
      for (let i = 0; i < 40; i++) await sendText(alice.client, conversation.id, '长'.repeat(8000));
      const page = await alice.client.request('messages.history', { conversationId: conversation.id, limit: 40 });
      expect(page.messages.length).toBeLessThan(40);
      expect(page.hasMore).toBe(true);
      expect(page.messages.at(-1)?.seq).toBe(40);
      await alice.client.close();
    });
  });
});
