import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '../../../shared/protocol';
import { sendText, signedInClient } from '../test-fixtures';
import { describePostgres } from '../test-stores';
import { queryTestDatabase } from '../testing-postgres';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';

const messageOf = (event: { data: unknown }) => (event.data as { message: Message }).message;
const settle = () => new Promise((r) => setTimeout(r, 150));

describePostgres('several server nodes on one database', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    nodeA = await startTestServer({ store: 'postgres' });
    nodeB = await startTestServer({ databaseUrl: nodeA.databaseUrl! }); // a second node of the same workspace
  });
  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close(); // A created the database, so A drops it
  });

  /** Alice on node A; Bob, and a second device of Alice, on node B. */
  async function spreadPair() {
    const alice = await signedInClient(nodeA, 'alice');
    const bob = await signedInClient(nodeB, 'bob');
    const aliceOnB = await TestClient.connect(nodeB.socketUrl);
    await aliceOnB.request('auth.resume', { token: alice.session.token });
    const { conversation } = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
    // conversation.updated crosses nodes too: Bob (on B) and Alice's other device hear of it
    for (const client of [bob.client, aliceOnB, alice.client]) {
      expect((await client.nextEvent('conversation.updated')).data).toEqual({ conversation });
    }
    return { alice, bob, aliceOnB, conversation, all: [alice.client, bob.client, aliceOnB] };
  }

  it('delivers a message sent on node A live to the other member and the sender’s device on node B, once each', async () => {
    const { alice, bob, aliceOnB, conversation, all } = await spreadPair();
    const sent = await sendText(alice.client, conversation.id, '你好，来自 A 节点');
    for (const client of [bob.client, aliceOnB, alice.client]) expect(messageOf(await client.nextEvent('message.new'))).toEqual(sent);
    await settle();
    for (const client of all) expect(client.events.filter((e) => e.event === 'message.new')).toEqual([]);
    for (const client of all) await client.close();
  });

  it('sends a message too large for NOTIFY by reference, and the other node loads it', async () => {
    const { alice, bob, aliceOnB, conversation, all } = await spreadPair();
    const text = '长'.repeat(8000); // 24 KB of UTF-8, three times the NOTIFY payload limit
    const sent = await sendText(alice.client, conversation.id, text);
    for (const client of [bob.client, aliceOnB, alice.client]) expect(messageOf(await client.nextEvent('message.new'))).toEqual(sent);
    for (const client of all) await client.close();
  });

  it('keeps seqs gap-free when both nodes accept sends to one conversation at once, and each socket hears each once', async () => {
    const { alice, bob, aliceOnB, conversation, all } = await spreadPair();
    const sends = Array.from({ length: 30 }, (_, i) => sendText([alice.client, bob.client, aliceOnB][i % 3]!, conversation.id, `m${i}`));
    const sent = await Promise.all(sends);
    expect(sent.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const client of all) {
      const seqs: number[] = [];
      for (let i = 0; i < 30; i++) seqs.push(messageOf(await client.nextEvent('message.new')).seq);
      expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    await settle();
    for (const client of all) expect(client.events.filter((e) => e.event === 'message.new')).toEqual([]);
    for (const client of all) await client.close();
  });

  it('a read on node A reaches the reader’s device and the peer on node B, once each', async () => {
    const { alice, bob, aliceOnB, conversation, all } = await spreadPair();
    for (const text of ['一', '二']) await sendText(bob.client, conversation.id, text);
    await alice.client.request('conversations.markRead', { conversationId: conversation.id, seq: 2 });
    const read = { conversationId: conversation.id, userId: alice.session.user.id, readSeq: 2 };
    for (const client of [aliceOnB, bob.client, alice.client]) expect((await client.nextEvent('conversation.read')).data).toEqual(read);
    await settle();
    for (const client of all) expect(client.events.filter((e) => e.event === 'conversation.read')).toEqual([]);
    const { conversations } = await bob.client.request('conversations.list', {});
    expect(conversations.find((c) => c.id === conversation.id)).toMatchObject({ peerReadSeq: 2, readSeq: 2, unreadCount: 0 });
    for (const client of all) await client.close();
  });

  it('signing out on node A ends that session’s socket on node B, and only that session', async () => {
    const { alice, bob, aliceOnB, all } = await spreadPair();
    await alice.client.request('auth.signOut', {});
    await expect(aliceOnB.nextEvent('session.ended')).resolves.toMatchObject({ event: 'session.ended' });
    await expect(aliceOnB.request('conversations.list', {})).rejects.toMatchObject({ code: 'auth.required' });
    await settle();
    expect(bob.client.events.filter((e) => e.event === 'session.ended')).toEqual([]);
    expect(alice.client.events.filter((e) => e.event === 'session.ended')).toEqual([]);
    await expect(bob.client.request('conversations.list', {})).resolves.toHaveProperty('conversations');
    for (const client of all) await client.close();
  });

  it('after losing its live-events connection, a node asks its clients to reconnect (to catch up) and hears events again', async () => {
    const { alice, bob, all } = await spreadPair();
    // Cut every node's LISTEN connection, as a database failover would.
    await queryTestDatabase(nodeA.databaseUrl!, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'magpie-live-events' AND datname = current_database()");
    for (const client of all) await expect(client.closed).resolves.toMatchObject({ code: 1012 });
    const again = await TestClient.connect(nodeB.socketUrl);
    await again.request('auth.resume', { token: bob.session.token });
    const aliceAgain = await TestClient.connect(nodeA.socketUrl);
    await aliceAgain.request('auth.resume', { token: alice.session.token });
    const { conversations } = await aliceAgain.request('conversations.list', {});
    const sent = await sendText(aliceAgain, conversations[0]!.id, 'back again');
    expect(messageOf(await again.nextEvent('message.new'))).toEqual(sent);
    await again.close();
    await aliceAgain.close();
  });
});
