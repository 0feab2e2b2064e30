import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import type { EventFrame } from '../../../shared/protocol';
import { directPair, secondSocket, signedInClient } from '../test-fixtures';
import { describeEachStore, describePostgres } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';

const presenceOf = (userId: string, presence: string) => (e: EventFrame) =>
  e.event === 'presence.changed' && e.data.userId === userId && e.data.presence === presence;
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));

describeEachStore('typing and presence', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('typing', () => {
    it('reaches the other members’ sockets, not the typist’s, and is not stored', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const bobPhone = await secondSocket(server, bob.session);
      await alice.client.request('typing.set', { conversationId: conversation.id, typing: true });
      for (const c of [bob.client, bobPhone]) {
        expect((await c.nextEvent('typing')).data).toEqual({ conversationId: conversation.id, userId: alice.session.user.id, typing: true });
      }
      await alice.client.request('system.ping', {});
      expect(alice.client.events.filter((e) => e.event === 'typing')).toEqual([]);
      const { messages } = await bob.client.request('messages.history', { conversationId: conversation.id, limit: 5 });
      expect(messages).toEqual([]);
      for (const c of [alice.client, bob.client, bobPhone]) await c.close();
    });

    it('is refused outside the conversation and rate limited', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const mallory = await signedInClient(server, 'mallory');
      expect(await codeOf(mallory.client.request('typing.set', { conversationId: conversation.id, typing: true }))).toBe('conversation.forbidden');
      const outcomes = [];
      for (let i = 0; i < 30; i++) outcomes.push(await codeOf(alice.client.request('typing.set', { conversationId: conversation.id, typing: i % 2 === 0 })));
      expect(outcomes).toContain('rate.limited');
      expect(outcomes.filter((o) => o === 'resolved').length).toBeGreaterThanOrEqual(20);
      for (const c of [alice.client, bob.client, mallory.client]) await c.close();
    });
  });

  describe('presence', () => {
    it('is online while a socket is connected, away when every socket says so, offline when none is left', async () => {
      const { alice, bob } = await directPair(server);
      const aliceId = alice.session.user.id;
      const ask = async () => (await bob.client.request('presence.query', { userIds: [aliceId] })).presence[0]!.presence;
      expect(await ask()).toBe('online');
      const laptop = await secondSocket(server, alice.session);
      await alice.client.request('presence.set', { presence: 'away' });
      expect(await ask()).toBe('online'); // the laptop is still active
      await laptop.request('presence.set', { presence: 'away' });
      await bob.client.nextEvent(presenceOf(aliceId, 'away'));
      expect(await ask()).toBe('away');
      await laptop.request('presence.set', { presence: 'online' });
      await bob.client.nextEvent(presenceOf(aliceId, 'online'));
      await alice.client.close();
      await laptop.close();
      await bob.client.nextEvent(presenceOf(aliceId, 'offline'));
      expect(await ask()).toBe('offline');
      await bob.client.close();
    });

    it('tells nothing about people who share no conversation with the caller', async () => {
      const stranger = await signedInClient(server, 'stranger');
      const me = await signedInClient(server, 'me');
      const { presence } = await me.client.request('presence.query', { userIds: [stranger.session.user.id, me.session.user.id] });
      expect(presence).toEqual([{ userId: stranger.session.user.id, presence: 'offline' }, { userId: me.session.user.id, presence: 'online' }]);
      await stranger.client.close();
      expect(me.client.events.filter((e) => e.event === 'presence.changed')).toEqual([]);
      await me.client.close();
    });
  });
});

describePostgres('typing and presence across nodes', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    nodeA = await startTestServer({ store: 'postgres' });
    nodeB = await startTestServer({ databaseUrl: nodeA.databaseUrl! });
  });
  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
  });

  it('carries typing and presence from one node’s sockets to another’s', async () => {
    const alice = await signedInClient(nodeA, 'alice');
    const bob = await signedInClient(nodeB, 'bob');
    const { conversation } = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
    await alice.client.request('typing.set', { conversationId: conversation.id, typing: true });
    expect((await bob.client.nextEvent('typing')).data).toMatchObject({ userId: alice.session.user.id, typing: true });

    // Alice also on node B; she is away only when both say so, and offline only when both are gone.
    const aliceOnB = await TestClient.connect(nodeB.socketUrl);
    await aliceOnB.request('auth.resume', { token: alice.session.token });
    await alice.client.request('presence.set', { presence: 'away' });
    await aliceOnB.request('presence.set', { presence: 'away' });
    await bob.client.nextEvent(presenceOf(alice.session.user.id, 'away'));
    const fromA = (await alice.client.request('presence.query', { userIds: [bob.session.user.id] })).presence;
    expect(fromA).toEqual([{ userId: bob.session.user.id, presence: 'online' }]);
    await aliceOnB.close();
    await alice.client.close();
    await bob.client.nextEvent(presenceOf(alice.session.user.id, 'offline'));
    expect((await bob.client.request('presence.query', { userIds: [alice.session.user.id] })).presence[0]!.presence).toBe('offline');
    await bob.client.close();
  });
});
