import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, eventually } from './helpers';

/** Local search through a real core (cache RPC + Dexie) fed by the real server. */
describe('local search against the real server', () => {
  let world: Awaited<ReturnType<typeof createWorld>>;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('finds messages received from another user, also when the server is gone', async () => {
    const { ann, bob, conversationId, annId } = await world.pair();
    for (const text of ['我们今天下午开会吗', 'Team meeting moved to Café Lumière', '好的，王经理']) {
      await ann.call('messages.send', { conversationId, text });
    }
    await eventually(async () => {
      const { results } = await bob.call('search.local', { query: '王', limit: 10 });
      expect(results.map((hit) => hit.message.text)).toEqual(['好的，王经理']);
    }, 10_000);

    const words = await bob.call('search.local', { query: '今天 开会', limit: 10 });
    expect(words.results).toHaveLength(1);
    expect(words.results[0]).toMatchObject({
      conversationId,
      message: { text: '我们今天下午开会吗', senderId: annId, status: 'sent', seq: 1 },
      highlights: [
        { start: 2, end: 4 },
        { start: 6, end: 8 },
      ],
    });
    expect((await bob.call('search.local', { query: '今天开会', limit: 10 })).results).toEqual([]);

    await world.server.stop();
    await eventually(async () => expect((await bob.call('connection.get', {})).status).not.toBe('online'), 10_000);
    const offline = await bob.call('search.local', { query: 'cafe meet', conversationId, limit: 10 });
    expect(offline.results.map((hit) => hit.message.text)).toEqual(['Team meeting moved to Café Lumière']);
    const [hit] = offline.results;
    expect(hit!.highlights.map(({ start, end }) => hit!.message.text.slice(start, end))).toEqual(['meet', 'Café']);
    expect(offline.nextBefore).toBeNull();
  });

  it('finds messages that arrived by catch-up after being away, newest first', async () => {
    const { ann, bob, conversationId } = await world.pair();
    await bob.core.stop();
    for (let i = 1; i <= 30; i++) await ann.call('messages.send', { conversationId, text: `周报 week ${i}` });
    const back = world.client({ store: bob.store, secrets: bob.secrets });
    await back.core.start();
    await eventually(async () => {
      const { results } = await back.call('search.local', { query: '周报', limit: 100 });
      expect(results).toHaveLength(30);
    }, 15_000);
    const first = await back.call('search.local', { query: 'week', limit: 5 });
    expect(first.results.map((hit) => hit.message.text)).toEqual([30, 29, 28, 27, 26].map((n) => `周报 week ${n}`));
    const next = await back.call('search.local', { query: 'week', limit: 5, before: first.nextBefore });
    expect(next.results[0]!.message.text).toBe('周报 week 25');
  });

  it('rejects an empty or oversized request at the bridge', async () => {
    const { bob } = await world.pair();
    await expect(bob.call('search.local', { query: '   ' })).rejects.toMatchObject({ code: 'ipc.invalid_request' });
    await expect(bob.call('search.local', { query: 'x', limit: 500 })).rejects.toMatchObject({ code: 'ipc.invalid_request' });
  });
});
