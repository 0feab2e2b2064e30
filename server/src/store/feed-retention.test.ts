import { afterAll, beforeAll, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { describeEachStore, openTestStore } from '../test-stores';
import type { Store } from './store';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pruning keeps a suffix of the feed: a cursor at or above the recorded floor catches up exactly,
 * one below it gets `sync.cursor_expired`, and the newest row (the head) always stays.
 */
describeEachStore('feed retention', ({ kind }) => {
  let store: Store;
  let remove: () => Promise<void>;
  let alice: User;
  let bob: User;
  let conversationId: string;

  beforeAll(async () => {
    ({ store, remove } = await openTestStore(kind));
    alice = await store.createUser({ username: 'alice', displayName: 'Alice', passwordHash: 'x' });
    bob = await store.createUser({ username: 'bob', displayName: 'Bob', passwordHash: 'x' });
    conversationId = (await store.messaging.openDirect(alice.id, bob.id, Date.now())).result.conversation.id;
  });
  afterAll(async () => {
    await remove();
  });

  let sent = 0;
  const send = async () => (await store.messaging.send({
    conversationId, senderId: alice.id, clientId: `m${++sent}`, kind: 'text', text: `message ${sent}`,
    mentions: [], mentionsAll: false, attachment: null, card: null, now: Date.now(),
  })).result.message;
  const catchUpCode = (after: number) => store.messaging.catchUp(bob.id, after, 100).then(() => 'ok', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));

  it('prunes only rows older than the cutoff; cursors below the floor expire, the rest catch up exactly', async () => {
    const start = await store.messaging.feedHead();
    const old = [await send(), await send(), await send()];
    await pause(20);
    const cutoff = Date.now();
    await pause(5);
    const young = [await send(), await send()];
    expect(await store.messaging.feedFloor()).toBe(0);

    // Small batches: the pruning loop goes on until nothing older is left.
    expect(await store.messaging.pruneFeed(cutoff, 2)).toBe(old.length + 1); // + the conversation's creation row
    const floor = await store.messaging.feedFloor();
    expect(floor).toBe(old[2]!.rev);

    expect(await catchUpCode(start)).toBe('sync.cursor_expired');
    expect(await catchUpCode(old[1]!.rev)).toBe('sync.cursor_expired');
    const scan = await store.messaging.catchUp(bob.id, floor, 100);
    expect(scan.entries.map((e) => e.message?.id)).toEqual(young.map((m) => m.id));
    expect(scan.cursor).toBe(await store.messaging.feedHead());
    // Nothing older is left: a second run deletes nothing and keeps the floor.
    expect(await store.messaging.pruneFeed(cutoff)).toBe(0);
    expect(await store.messaging.feedFloor()).toBe(floor);
  });

  it('keeps the newest row when everything is old, so the head never goes back', async () => {
    const last = await send();
    const head = await store.messaging.feedHead();
    expect(head).toBe(last.rev);
    await pause(5);
    expect(await store.messaging.pruneFeed(Date.now() + 1)).toBeGreaterThan(0);
    expect(await store.messaging.feedHead()).toBe(head);
    expect(await store.messaging.feedFloor()).toBeLessThan(head);
    expect(await catchUpCode(head)).toBe('ok');
    expect((await store.messaging.bootstrap(bob.id, undefined, 5)).head).toBe(head);
    // New changes get positions above the kept head, and a device at the head gets them.
    const next = await send();
    expect((await store.messaging.catchUp(bob.id, head, 10)).entries.map((e) => e.message?.id)).toEqual([next.id]);
  });
});
