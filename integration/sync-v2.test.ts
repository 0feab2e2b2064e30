import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestClient } from '../main/core/testing/test-client';
import { createWorld, eventually, STORE_KINDS, unsent, waitOnline } from './helpers';

const seqs = async (client: TestClient, conversationId: string, beforeSeq?: number) =>
  (await client.call('messages.list', { conversationId, limit: 50, ...(beforeSeq ? { beforeSeq } : {}) })).messages.map((m) => m.seq);

/** Sync v2 (the change feed), message roaming and message operations: real server, real cores. */
describe.each(STORE_KINDS)('sync v2 against the real server (%s)', (store) => {
  let world: Awaited<ReturnType<typeof createWorld>>;
  beforeEach(async () => {
    world = await createWorld(store);
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('a second device bootstraps recent history only, scrolls back through the server, and works offline with what it holds', async () => {
    const { ann, conversationId } = await world.pair();
    const texts = Array.from({ length: 130 }, (_, i) => `history ${i + 1}`);
    await Promise.all(texts.map((text) => ann.call('messages.send', { conversationId, text })));
    await eventually(async () => expect(await unsent(ann, conversationId)).toEqual([]), 20_000);

    const laptop = world.client();
    await laptop.core.start();
    await laptop.call('session.signIn', { username: 'ann', password: 'password-ann' });
    await waitOnline(laptop);
    await eventually(async () => expect(await seqs(laptop, conversationId)).toHaveLength(50));
    expect(laptop.requests).toContain('sync.bootstrap');
    expect(laptop.requests.filter((method) => method === 'messages.history').length).toBeGreaterThan(0);

    const newest = await laptop.call('messages.list', { conversationId, limit: 50 });
    expect(newest.messages.map((m) => m.text)).toEqual(texts.slice(80));
    const older = await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 81 });
    expect(older.messages.map((m) => m.text)).toEqual(texts.slice(30, 80));
    expect(older.hasMore).toBe(true);

    await world.server.stop();
    await eventually(async () => expect((await laptop.call('connection.get', {})).status).not.toBe('online'));
    // What it fetched stays readable offline; what it never fetched is "more", not an error.
    expect((await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 81 })).messages.map((m) => m.text)).toEqual(texts.slice(30, 80));
    expect(await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 31 })).toMatchObject({ messages: [], hasMore: true });
    await expect(laptop.call('messages.edit', { conversationId, messageId: older.messages[0]!.id!, text: 'x' })).rejects.toMatchObject({ code: 'client.offline' });
    await world.server.start();
    await waitOnline(laptop);
    const oldest = await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 31 });
    expect(oldest).toMatchObject({ hasMore: false });
    expect(oldest.messages.map((m) => m.text)).toEqual(texts.slice(0, 30));
  });

  it('edits, recalls, reactions and hides made while the other device was offline reach it', async () => {
    const { ann, bob, conversationId } = await world.pair();
    for (const text of ['one', 'two', 'three', 'four']) await ann.call('messages.send', { conversationId, text });
    await eventually(async () => expect(await seqs(bob, conversationId)).toEqual([1, 2, 3, 4]));
    const sent = (await ann.call('messages.list', { conversationId, limit: 10 })).messages;

    await bob.core.stop();
    const edited = await ann.call('messages.edit', { conversationId, messageId: sent[0]!.id!, text: 'one, edited' });
    expect(edited.message.editedAt).not.toBeNull();
    await ann.call('messages.recall', { conversationId, messageId: sent[1]!.id! });
    await ann.call('messages.react', { conversationId, messageId: sent[2]!.id!, emoji: '🎉', on: true });
    // Ann's own view changed at once, before any push.
    expect((await ann.call('messages.list', { conversationId, limit: 10 })).messages.map((m) => [m.text, m.recalled !== null, m.reactions.length])).toEqual([
      ['one, edited', false, 0],
      ['', true, 0],
      ['three', false, 1],
      ['four', false, 0],
    ]);

    // Bob, on his other device, hides "four" for himself while his desktop is away.
    const phone = world.client();
    await phone.core.start();
    await phone.call('session.signIn', { username: 'bob', password: 'password-bob' });
    await waitOnline(phone);
    await eventually(async () => expect(await seqs(phone, conversationId)).toEqual([1, 2, 3, 4]));
    await phone.call('messages.hide', { conversationId, messageId: sent[3]!.id! });
    expect(await seqs(phone, conversationId)).toEqual([1, 2, 3]);

    const back = world.client({ store: bob.store, secrets: bob.secrets });
    await back.core.start();
    await eventually(async () => {
      const view = (await back.call('messages.list', { conversationId, limit: 10 })).messages;
      expect(view.map((m) => [m.seq, m.text, m.recalled !== null, m.editedAt !== null, m.reactions.map((r) => r.emoji)])).toEqual([
        [1, 'one, edited', false, true, []],
        [2, '', true, false, []],
        [3, 'three', false, false, ['🎉']],
      ]);
    }, 10_000);
    expect((await back.call('search.local', { query: 'two' })).results).toEqual([]);
    expect((await back.call('search.local', { query: 'edited' })).results).toHaveLength(1);
    const { conversations } = await back.call('conversations.list', {});
    expect(conversations[0]?.lastMessage).toMatchObject({ seq: 3, text: 'three' });
  });

  it('a removed group member keeps the group as `left`, and unread mentions are counted', async () => {
    const { ann, bob, bobId } = await world.pair();
    const { conversation: group } = await ann.call('groups.create', { title: '周会 weekly', memberIds: [bobId] });
    await ann.call('messages.send', { conversationId: group.id, text: 'hello all' });
    await ann.call('messages.send', { conversationId: group.id, text: '@Bob please look', mentions: [bobId] });
    await ann.call('messages.send', { conversationId: group.id, text: '@all standup', mentionsAll: true });
    await eventually(async () => {
      const row = (await bob.call('conversations.list', {})).conversations.find((c) => c.id === group.id);
      expect(row).toMatchObject({ state: 'active', unreadMentions: 2 });
    });
    const latest = (await bob.call('messages.list', { conversationId: group.id, limit: 10 })).messages.at(-1)!;
    await bob.call('conversations.markRead', { conversationId: group.id, seq: latest.seq! });
    expect((await bob.call('conversations.get', { conversationId: group.id })).conversation.unreadMentions).toBe(0);

    await bob.core.stop();
    const removed = await ann.call('groups.removeMember', { conversationId: group.id, userId: bobId });
    expect(removed.conversation.members.map((m) => m.id)).not.toContain(bobId);
    const back = world.client({ store: bob.store, secrets: bob.secrets });
    await back.core.start();
    await eventually(async () => expect((await back.call('conversations.get', { conversationId: group.id })).conversation.state).toBe('left'), 10_000);
    // What bob held stays readable.
    expect((await back.call('messages.list', { conversationId: group.id, limit: 10 })).messages.map((m) => m.text)).toContain('hello all');
  });
});
