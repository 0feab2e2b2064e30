import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { cacheDatabaseName } from '../main/core/cache/database';
import { createDexieCacheStore } from '../main/core/cache/dexie-store';
import { cachedTimeline, createWorld, eventually, STORE_KINDS, unsent, waitOnline } from './helpers';

/** Plain IndexedDB on a device's cache, under Dexie: how a test damages it. */
function rawOpen(factory: IDBFactory, name: string, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? factory.open(name) : factory.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Rewrites one cached message so it no longer passes validation (a damaged row). */
async function damageMessage(factory: IDBFactory, accountId: string, conversationId: string, seq: number): Promise<void> {
  const db = await rawOpen(factory, cacheDatabaseName(accountId));
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('messages', 'readwrite');
    const messages = tx.objectStore('messages');
    const get = messages.get([conversationId, seq]);
    get.onsuccess = () => messages.put({ ...get.result, kind: 'no-such-kind', text: 12345 });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** What a newer build could leave behind: a higher version with the messages keyed otherwise. */
async function leaveNewerSchema(factory: IDBFactory, accountId: string): Promise<void> {
  const db = await rawOpen(factory, cacheDatabaseName(accountId), 990, (upgraded) => {
    upgraded.deleteObjectStore('messages');
    upgraded.createObjectStore('messages', { keyPath: 'id' });
  });
  db.close();
}

/** Issue 4: a damaged local cache is detected and rebuilt from the server, losing nothing unsent. */
describe.each(STORE_KINDS)('cache integrity against the real server (%s)', (store) => {
  let world: Awaited<ReturnType<typeof createWorld>>;
  beforeEach(async () => {
    world = await createWorld(store);
  });
  afterEach(async () => {
    await world.dispose();
  });

  /** Ann, and Bob on a device whose IndexedDB the test can reach. */
  async function setup() {
    const factory = new IDBFactory();
    const ann = world.client();
    const bob = world.client({ store: createDexieCacheStore({ indexedDB: factory, IDBKeyRange }) });
    await Promise.all([ann.core.start(), bob.core.start()]);
    await ann.call('session.signUp', { username: 'ann', password: 'password-ann', displayName: 'Ann' });
    const bobState = await bob.call('session.signUp', { username: 'bob', password: 'password-bob', displayName: 'Bob' });
    if (bobState.state !== 'signed-in') throw new Error('sign-up did not sign in');
    await Promise.all([waitOnline(ann), waitOnline(bob)]);
    const { conversation } = await ann.call('conversations.openDirect', { userId: bobState.user.id });
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const text of texts) await ann.call('messages.send', { conversationId: conversation.id, text });
    await eventually(async () => expect(await cachedTimeline(bob, conversation.id)).toEqual(texts));
    return { factory, ann, bob, bobId: bobState.user.id, conversationId: conversation.id, texts };
  }

  for (const [damage, corrupt] of [
    ['a damaged message row', (factory: IDBFactory, accountId: string, conversationId: string) => damageMessage(factory, accountId, conversationId, 5)],
    ['a newer schema version', (factory: IDBFactory, accountId: string) => leaveNewerSchema(factory, accountId)],
  ] as const) {
    it(`a device restarted on a cache with ${damage} shows the server's history again and keeps its unsent message`, async () => {
      const { factory, bob, bobId, conversationId, texts } = await setup();
      // Written while the server is down: it waits in the outbox across the restart.
      await world.server.stop();
      await eventually(async () => expect((await bob.call('connection.get', {})).status).not.toBe('online'));
      await bob.call('messages.send', { conversationId, text: 'written offline' });
      await bob.core.stop();
      await corrupt(factory, bobId, conversationId);

      // The restarted app: a new cache host page on the same IndexedDB, the same session.
      const restarted = world.client({ store: createDexieCacheStore({ indexedDB: factory, IDBKeyRange }), secrets: bob.secrets, desktop: bob.desktop });
      await restarted.core.start();
      await world.server.start();
      await waitOnline(restarted);
      await eventually(async () => expect(await cachedTimeline(restarted, conversationId)).toEqual([...texts, 'written offline']), 15_000);
      expect(await unsent(restarted, conversationId)).toEqual([]);
      expect(restarted.requests).toContain('sync.bootstrap');
    });
  }

  it('a read that meets a damaged row while running repairs the cache once and fetches the history again', async () => {
    const { factory, bob, bobId, conversationId, texts } = await setup();
    await damageMessage(factory, bobId, conversationId, 3);
    const before = bob.requests.filter((method) => method === 'sync.bootstrap').length;

    await expect(bob.call('messages.list', { conversationId, limit: 50 })).rejects.toMatchObject({ code: 'cache.failed' });
    await eventually(async () => expect(await cachedTimeline(bob, conversationId)).toEqual(texts), 15_000);
    expect(bob.requests.filter((method) => method === 'sync.bootstrap').length).toBe(before + 1);
  });
});
