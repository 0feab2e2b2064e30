import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from '../test-stores';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../testing-postgres';
import { PostgresStore } from './postgres-store';

/**
 * The feed's one promise: positions become visible in order. Two nodes (two pools) write from 16
 * connections at once into conversations one reader belongs to, while the reader catches up as fast
 * as it can and moves its cursor to each page's end. If a position could commit after a larger one
 * (allocated first, committed later), the reader would step over it and never see that message.
 */
describePostgres('feed positions under concurrent writers', () => {
  let database: TestDatabase;
  let nodes: PostgresStore[];
  beforeAll(async () => {
    database = await createTestDatabase();
    nodes = [await PostgresStore.open(database.url, 8), await PostgresStore.open(database.url, 8)];
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await database.drop();
  });

  it('a reader following the feed while 16 writers commit misses nothing and sees positions in order', async () => {
    const [one, two] = nodes as [PostgresStore, PostgresStore];
    const reader = await one.createUser({ username: 'reader', displayName: 'Reader', passwordHash: 'x' });
    const writers = await Promise.all(Array.from({ length: 8 }, (_, i) => two.createUser({ username: `writer${i}`, displayName: `W${i}`, passwordHash: 'x' })));
    const conversations = await Promise.all(writers.map(async (w) => (await one.messaging.openDirect(reader.id, w.id, Date.now())).result.conversation.id));
    const start = await one.messaging.feedHead();

    const sent = new Set<string>();
    let writing = true;
    const write = async (slot: number) => {
      const store = slot % 2 === 0 ? one : two;
      const writer = writers[slot % writers.length]!;
      for (let i = 0; i < 25; i++) {
        const { result } = await store.messaging.send({
          conversationId: conversations[slot % writers.length]!, senderId: writer.id, clientId: `s${slot}-${i}`, kind: 'text',
          text: `${slot}/${i}`, mentions: [], mentionsAll: false, attachment: null, card: null, now: Date.now(),
        });
        sent.add(result.message.id);
      }
    };

    const seen = new Set<string>();
    let cursor = start;
    let lastPosition = start;
    const readOnce = async (store: PostgresStore) => {
      const scan = await store.messaging.catchUp(reader.id, cursor, 20);
      for (const entry of scan.entries) {
        expect(entry.pos).toBeGreaterThan(lastPosition);
        lastPosition = entry.pos;
        if (entry.message) seen.add(entry.message.id);
      }
      expect(scan.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = scan.cursor;
      return scan.hasMore;
    };
    const follow = async () => {
      let round = 0;
      while (writing) await readOnce(round++ % 2 === 0 ? one : two);
      while (await readOnce(one));
    };

    const following = follow();
    await Promise.all(Array.from({ length: 16 }, (_, slot) => write(slot)));
    writing = false;
    await following;

    expect(sent.size).toBe(16 * 25);
    expect([...sent].filter((id) => !seen.has(id))).toEqual([]);
    // And the stored positions of the messages are exactly the feed rows' (rev = pos).
    const mismatched = await queryTestDatabase<{ n: string }>(database.url,
      "SELECT COUNT(*) AS n FROM messages m JOIN feed f ON f.message_id = m.id AND f.kind = 'message' WHERE m.rev <> f.pos");
    expect(Number(mismatched[0]!.n)).toBe(0);
  }, 60_000);
});
