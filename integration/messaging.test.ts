import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedTimeline, createWorld, eventually, unsent, waitOnline } from './helpers';

/** Two real cores, each with its own Dexie cache behind the cache RPC, against the real server. */
describe('messaging against the real server', () => {
  let world: Awaited<ReturnType<typeof createWorld>>;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('signs up two users, opens a direct conversation and exchanges messages both ways', async () => {
    const { ann, bob, conversationId } = await world.pair();
    const sent = await ann.call('messages.send', { conversationId, text: 'hello bob' });
    expect(sent.message).toMatchObject({ status: 'sending', seq: null, text: 'hello bob' });
    await eventually(async () => expect(await cachedTimeline(bob, conversationId)).toEqual(['hello bob']));
    await bob.call('messages.send', { conversationId, text: '你好 ann' });
    await eventually(async () => expect(await cachedTimeline(ann, conversationId)).toEqual(['hello bob', '你好 ann']));
    await eventually(async () => expect(await unsent(ann, conversationId)).toEqual([]));

    for (const client of [ann, bob]) {
      const { conversations } = await client.call('conversations.list', {});
      expect(conversations).toHaveLength(1);
      expect(conversations[0]).toMatchObject({ id: conversationId, lastMessage: { text: '你好 ann', status: 'sent' } });
    }
    expect(bob.events.some((entry) => entry.event === 'messages.changed')).toBe(true);
  });

  it('keeps order and exactly-once when a socket is cut while the other side sends', async () => {
    const { ann, bob, conversationId } = await world.pair();
    const expected: string[] = [];
    for (let i = 1; i <= 20; i++) {
      if (i === 5) bob.cutSocket();
      if (i === 12) ann.cutSocket(); // ann's unsent ones wait in her outbox for her reconnect
      const text = `ann ${i}`;
      expected.push(text);
      await ann.call('messages.send', { conversationId, text });
    }
    await eventually(async () => expect(await cachedTimeline(bob, conversationId)).toEqual(expected), 15_000);
    await eventually(async () => expect(await cachedTimeline(ann, conversationId)).toEqual(expected), 15_000);
    expect(await unsent(ann, conversationId)).toEqual([]);
  });

  it('catches up page by page after missing more than one page', async () => {
    const { ann, bob, conversationId } = await world.pair();
    await bob.core.stop(); // bob is away (app quit) while ann writes a lot
    const expected = Array.from({ length: 450 }, (_, i) => `bulk ${i + 1}`);
    await Promise.all(expected.map((text) => ann.call('messages.send', { conversationId, text })));
    await eventually(async () => expect(await unsent(ann, conversationId)).toEqual([]), 20_000);

    const back = world.client({ store: bob.store, secrets: bob.secrets });
    await back.core.start();
    await eventually(async () => expect(await cachedTimeline(back, conversationId)).toHaveLength(450), 20_000);
    expect(await cachedTimeline(back, conversationId)).toEqual(expected);
    // Bounded pages (200) rather than one huge reply.
    expect(back.requests.filter((method) => method === 'sync.catchUp').length).toBeGreaterThanOrEqual(3);
  });

  it('delivers messages typed while the server was down exactly once after it restarts', async () => {
    const { ann, bob, conversationId } = await world.pair();
    await ann.call('messages.send', { conversationId, text: 'before' });
    await eventually(async () => expect(await cachedTimeline(bob, conversationId)).toEqual(['before']));

    await world.server.stop();
    await eventually(async () => expect((await ann.call('connection.get', {})).status).toMatch(/retrying|connecting/));
    await ann.call('messages.send', { conversationId, text: 'while down 1' });
    await bob.call('messages.send', { conversationId, text: 'bob while down' });
    await ann.call('messages.send', { conversationId, text: 'while down 2' });
    expect(await unsent(ann, conversationId)).toEqual(['while down 1|sending', 'while down 2|sending']);
    await expect(ann.call('users.search', { query: 'bo' })).rejects.toMatchObject({ code: 'client.offline' });

    await world.server.start();
    ann.core.networkOnline();
    await ann.call('connection.retryNow', {});
    await bob.call('connection.retryNow', {});
    await Promise.all([waitOnline(ann), waitOnline(bob)]);
    for (const client of [ann, bob]) {
      await eventually(async () => expect(await cachedTimeline(client, conversationId)).toHaveLength(4), 15_000);
      const timeline = await cachedTimeline(client, conversationId);
      expect(timeline[0]).toBe('before');
      // Each sender's messages keep their order; the two senders interleave as the server saw them.
      expect(timeline.filter((text) => text.startsWith('while down'))).toEqual(['while down 1', 'while down 2']);
      expect(timeline).toContain('bob while down');
      expect(await unsent(client, conversationId)).toEqual([]);
    }
  });

  it('a restarted core restores its session and flushes its outbox', async () => {
    const { ann, bob, conversationId } = await world.pair();
    await world.server.stop();
    await ann.call('messages.send', { conversationId, text: 'typed, then the app quit' });
    await ann.core.stop();

    await world.server.start();
    const restarted = world.client({ store: ann.store, secrets: ann.secrets });
    await restarted.core.start();
    expect(await restarted.call('session.get', {})).toMatchObject({ state: 'signed-in', user: { username: 'ann' } });
    await waitOnline(restarted);
    bob.core.networkOnline();
    await eventually(async () => expect(await cachedTimeline(bob, conversationId)).toEqual(['typed, then the app quit']), 15_000);
    await eventually(async () => expect(await cachedTimeline(restarted, conversationId)).toEqual(['typed, then the app quit']));
    expect(await unsent(restarted, conversationId)).toEqual([]);
  });
});
