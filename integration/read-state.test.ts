import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestClient } from '../main/core/testing/test-client';
import { createWorld, eventually, waitOnline } from './helpers';

/** Read markers end to end: real cores (cache RPC + Dexie) against the real server. */
describe('read state across devices and people', () => {
  let world: Awaited<ReturnType<typeof createWorld>>;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.dispose();
  });

  const summaryOf = async (client: TestClient, conversationId: string) =>
    (await client.call('conversations.list', {})).conversations.find((c) => c.id === conversationId);

  /** Bob's second device: another core with its own cache, signed in to the same account. */
  async function secondDevice() {
    const phone = world.client();
    await phone.core.start();
    await phone.call('session.signIn', { username: 'bob', password: 'password-bob' });
    await waitOnline(phone);
    return phone;
  }

  it('counts unread, clears it on every device of the reader, and shows the writer a receipt', async () => {
    const { ann, bob, conversationId } = await world.pair();
    const phone = await secondDevice();
    for (const text of ['一', '二', '三']) await ann.call('messages.send', { conversationId, text });
    for (const device of [bob, phone]) {
      await eventually(async () => expect(await summaryOf(device, conversationId)).toMatchObject({ unreadCount: 3, readSeq: 0 }), 10_000);
    }
    expect(await summaryOf(ann, conversationId)).toMatchObject({ unreadCount: 0, readSeq: 3 });

    await bob.call('conversations.markRead', { conversationId, seq: 3 });
    expect(await summaryOf(bob, conversationId)).toMatchObject({ unreadCount: 0, readSeq: 3 }); // at once, from the cache
    await eventually(async () => expect(await summaryOf(phone, conversationId)).toMatchObject({ unreadCount: 0, readSeq: 3 }), 10_000);
    await eventually(async () => expect((await summaryOf(ann, conversationId))?.peerReadSeq).toBe(3), 10_000);

    // Bob replies: his own message is never unread for him, and it is unread for Ann.
    await bob.call('messages.send', { conversationId, text: '收到' });
    await eventually(async () => expect(await summaryOf(ann, conversationId)).toMatchObject({ unreadCount: 1, peerReadSeq: 4 }), 10_000);
    await eventually(async () => expect(await summaryOf(phone, conversationId)).toMatchObject({ unreadCount: 0, readSeq: 4 }), 10_000);
  });

  it('marks read offline at once and tells the server on reconnect', async () => {
    const { ann, bob, conversationId } = await world.pair();
    for (const text of ['a', 'b']) await ann.call('messages.send', { conversationId, text });
    await eventually(async () => expect((await summaryOf(bob, conversationId))?.unreadCount).toBe(2), 10_000);

    await world.server.stop();
    await eventually(async () => expect((await bob.call('connection.get', {})).status).not.toBe('online'), 10_000);
    await bob.call('conversations.markRead', { conversationId, seq: 2 });
    expect(await summaryOf(bob, conversationId)).toMatchObject({ unreadCount: 0, readSeq: 2 });

    await world.server.start();
    await waitOnline(bob, 15_000);
    await waitOnline(ann, 15_000);
    await eventually(async () => expect((await summaryOf(ann, conversationId))?.peerReadSeq).toBe(2), 15_000);
    // A device that was away learns the read on connect, without an event.
    const phone = await secondDevice();
    await eventually(async () => expect(await summaryOf(phone, conversationId)).toMatchObject({ unreadCount: 0, readSeq: 2 }), 10_000);
  });
});
