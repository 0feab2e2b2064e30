import { describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { CacheApi } from '../../../shared/cache';
import { isMagpieError } from '../../../shared/errors';
import { conversation, createRpcCache, message, outboxItem } from '../testing/fixtures';
import { cacheDatabaseName } from './database';
import { createDexieCacheStore } from './dexie-store';
import { guardCache } from './integrity-guard';

const ACCOUNT = 'acct1';
const NAME = cacheDatabaseName(ACCOUNT);

/** A store over its own factory, so the test can reach under Dexie and damage the database. */
function setup(factory = new IDBFactory()) {
  return { factory, store: createDexieCacheStore({ indexedDB: factory, IDBKeyRange }) };
}

/** A healthy cache with messages, a feed cursor, an unsent message and a pending read marker. */
async function fill(store: CacheApi): Promise<void> {
  expect(await store['cache.open']({ accountId: ACCOUNT })).toEqual({ rebuilt: false });
  await store['sync.apply']({
    conversations: [conversation('c1', 3)],
    messages: [message('c1', 1), message('c1', 2), message('c1', 3)],
    held: [{ conversationId: 'c1', from: 1 }],
    feedCursor: 12,
  });
  await store['outbox.add']({ item: outboxItem('draft-1', 1) });
  await store['readState.apply']({ conversationId: 'c1', readSeq: 2, pending: true });
}

/** Opening another account closes this one's database, so it can be changed underneath. */
async function closeAccount(store: CacheApi): Promise<void> {
  await store['cache.open']({ accountId: 'someone-else' });
}

function rawOpen(factory: IDBFactory, version?: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? factory.open(NAME) : factory.open(NAME, version);
    request.onupgradeneeded = () => upgrade?.(request.result, request.transaction!);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function rawPut(factory: IDBFactory, storeName: string, rows: unknown[]): Promise<void> {
  const db = await rawOpen(factory);
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite');
    for (const row of rows) tx.objectStore(storeName).put(row);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** What every recovery must end with: the user's writes kept, messages gone, a bootstrap due, and a cache that works. */
async function expectRebuiltAndWorking(store: CacheApi): Promise<void> {
  expect((await store['outbox.list']({})).items.map((item) => item.clientId)).toEqual(['draft-1']);
  expect((await store['readState.pending']({})).markers).toEqual([{ conversationId: 'c1', seq: 2 }]);
  expect(await store['sync.state']({})).toEqual({ feedCursor: null });
  expect((await store['messages.page']({ conversationId: 'c1', limit: 50 })).messages).toEqual([]);
  await store['sync.apply']({ conversations: [conversation('c1', 4)], messages: [message('c1', 4)], feedCursor: 20 });
  expect((await store['messages.page']({ conversationId: 'c1', limit: 50 })).messages.map((row) => row.seq)).toEqual([4]);
  expect(await store['sync.state']({})).toEqual({ feedCursor: 20 });
}

/** An open request that fails as IndexedDB reports a damaged backing store. */
function failingOpen(error: DOMException): IDBOpenDBRequest {
  const request = Object.assign(new EventTarget(), {
    error,
    result: undefined,
    readyState: 'done',
    source: null,
    transaction: null,
    onerror: null as ((event: Event) => void) | null,
    onsuccess: null,
    onblocked: null,
    onupgradeneeded: null,
  });
  setTimeout(() => {
    const event = new Event('error', { cancelable: true });
    request.dispatchEvent(event);
    request.onerror?.call(request, event);
  });
  return request as unknown as IDBOpenDBRequest;
}

describe('cache integrity at open', () => {
  it('keeps a healthy cache as it is', async () => {
    const { store } = setup();
    await fill(store);
    await closeAccount(store);
    expect(await store['cache.open']({ accountId: ACCOUNT })).toEqual({ rebuilt: false });
    expect(await store['sync.state']({})).toEqual({ feedCursor: 12 });
    expect((await store['messages.page']({ conversationId: 'c1', limit: 50 })).messages).toHaveLength(3);
  });

  it('rebuilds a database left at a newer schema version (VersionError), keeping the outbox and read markers', async () => {
    const { factory, store } = setup();
    await fill(store);
    await closeAccount(store);
    // A newer build went further: a higher version, messages keyed otherwise, a table we do not know.
    const newer = await rawOpen(factory, 990, (db) => {
      db.deleteObjectStore('messages');
      db.createObjectStore('messages', { keyPath: 'id' }).put({ id: 'x', v: 9 });
      db.createObjectStore('future', { keyPath: 'id' });
    });
    newer.close();

    const opened = await store['cache.open']({ accountId: ACCOUNT });
    expect(opened).toEqual({ rebuilt: true, reason: expect.stringMatching(/unreadable/) });
    await expectRebuiltAndWorking(store);
  });

  it('rebuilds a database whose upgrade fails, salvaging at the old version', async () => {
    const factory = new IDBFactory();
    // A v3 cache (IndexedDB version 30) as an older build left it, with a conversation row the
    // v4 upgrade cannot parse: the upgrade throws and the open fails.
    const v3 = await rawOpen(factory, 30, (db) => {
      db.createObjectStore('conversations', { keyPath: 'id' });
      const messages = db.createObjectStore('messages', { keyPath: ['conversationId', 'seq'] });
      messages.createIndex('id', 'id');
      messages.createIndex('clientId', 'clientId');
      messages.createIndex('searchTokens', 'searchTokens', { multiEntry: true });
      db.createObjectStore('cursors', { keyPath: 'conversationId' });
      db.createObjectStore('outbox', { keyPath: 'clientId' }).createIndex('order', 'order');
      db.createObjectStore('readMarkers', { keyPath: 'conversationId' });
    });
    v3.close();
    await rawPut(factory, 'conversations', [{ id: 'c1', kind: 'garbage' }]);
    await rawPut(factory, 'outbox', [outboxItem('draft-1', 1)]);
    await rawPut(factory, 'readMarkers', [{ conversationId: 'c1', seq: 2 }]);

    const { store } = setup(factory);
    const opened = await store['cache.open']({ accountId: ACCOUNT });
    expect(opened).toEqual({ rebuilt: true, reason: expect.stringMatching(/unreadable/) });
    await expectRebuiltAndWorking(store);
  });

  it('rebuilds a database whose open throws (UnknownError), keeping what can be read', async () => {
    const { factory, store } = setup();
    await fill(store);
    await closeAccount(store);
    // The disk file is damaged: IndexedDB refuses every versioned open (Dexie's, which also
    // retries an UnknownError once) until the database is deleted; a plain open still reads.
    let damaged = true;
    const realOpen = factory.open.bind(factory);
    const realDelete = factory.deleteDatabase.bind(factory);
    vi.spyOn(factory, 'deleteDatabase').mockImplementation((name: string) => {
      damaged = false;
      return realDelete(name);
    });
    vi.spyOn(factory, 'open').mockImplementation((name: string, version?: number) => {
      if (version === undefined) return realOpen(name);
      return damaged ? failingOpen(new DOMException('Internal error opening backing store', 'UnknownError')) : realOpen(name, version);
    });

    const opened = await store['cache.open']({ accountId: ACCOUNT });
    expect(opened).toMatchObject({ rebuilt: true, reason: expect.stringMatching(/UnknownError/) });
    await expectRebuiltAndWorking(store);
  });

  it('resets messages when a sampled message row fails validation', async () => {
    const { factory, store } = setup();
    await fill(store);
    await closeAccount(store);
    await rawPut(factory, 'messages', [{ conversationId: 'c1', seq: 9, id: 42, text: { not: 'text' } }]);

    const opened = await store['cache.open']({ accountId: ACCOUNT });
    expect(opened).toEqual({ rebuilt: true, reason: 'a message row fails validation' });
    await expectRebuiltAndWorking(store);
    // Conversations stay (with their read state): the list shows at once, the server refreshes it.
    expect((await store['conversations.get']({ conversationId: 'c1' })).conversation?.conversation.readSeq).toBe(2);
  });

  it('drops a garbage conversation row and resets', async () => {
    const { factory, store } = setup();
    await fill(store);
    await closeAccount(store);
    await rawPut(factory, 'conversations', [{ id: 'c-bad', kind: 'nonsense' }]);

    expect((await store['cache.open']({ accountId: ACCOUNT })).reason).toBe('a conversation row fails validation');
    await expectRebuiltAndWorking(store);
    expect((await store['conversations.list']({})).conversations.map((row) => row.conversation.id)).toEqual(['c1']);
  });

  it('resets when the feed cursor is stored but no conversation is', async () => {
    const { factory, store } = setup();
    await fill(store);
    await closeAccount(store);
    const db = await rawOpen(factory);
    await new Promise<void>((resolve) => {
      const tx = db.transaction('conversations', 'readwrite');
      tx.objectStore('conversations').clear();
      tx.oncomplete = () => resolve();
    });
    db.close();

    expect((await store['cache.open']({ accountId: ACCOUNT })).reason).toBe('a feed cursor but no conversations');
    expect(await store['sync.state']({})).toEqual({ feedCursor: null });
    expect((await store['outbox.list']({})).items).toHaveLength(1);
    expect((await store['readState.pending']({})).markers).toHaveLength(1);
  });

  it('keeps the cursor of an account with no conversation at all', async () => {
    const { store } = setup();
    await store['cache.open']({ accountId: ACCOUNT });
    await store['sync.apply']({ feedCursor: 3 });
    await closeAccount(store);
    expect(await store['cache.open']({ accountId: ACCOUNT })).toEqual({ rebuilt: false });
    expect(await store['sync.state']({})).toEqual({ feedCursor: 3 });
  });

  it('resets when a newer version dropped the messages table (Dexie adds it back empty)', async () => {
    const { factory, store } = setup();
    await fill(store);
    await closeAccount(store);
    const newer = await rawOpen(factory, 990, (db) => db.deleteObjectStore('messages'));
    newer.close();

    expect(await store['cache.open']({ accountId: ACCOUNT })).toEqual({ rebuilt: true, reason: 'held messages are missing' });
    await expectRebuiltAndWorking(store);
  });

  it('resets when a held range points past its conversation', async () => {
    const { factory, store } = setup();
    await fill(store);
    await closeAccount(store);
    await rawPut(factory, 'held', [{ conversationId: 'c1', from: 50 }]);

    expect((await store['cache.open']({ accountId: ACCOUNT })).reason).toBe('a held range past its conversation');
    await expectRebuiltAndWorking(store);
  });
});

describe('cache integrity on reads', () => {
  it('repairs once when a read meets a damaged row, not in a loop', async () => {
    const { factory, store } = setup();
    const rpc = createRpcCache(store);
    const damaged = vi.fn();
    const cache = guardCache(rpc.client, damaged);
    await fill(cache);
    // Garbage in the middle of the table (the open check samples only the ends).
    await cache['messages.put']({ messages: Array.from({ length: 150 }, (_, index) => message('c2', index + 1)) });
    await cache['conversations.put']({ conversations: [conversation('c2', 150)] });
    await rawPut(factory, 'messages', [{ ...message('c2', 75), kind: 'not-a-kind' }]);

    const read = () => cache['messages.page']({ conversationId: 'c2', beforeSeq: 80, limit: 10 });
    await expect(read()).rejects.toSatisfy((error) => isMagpieError(error, 'cache.failed'));
    await expect(read()).rejects.toSatisfy((error) => isMagpieError(error, 'cache.failed'));
    expect(damaged).toHaveBeenCalledTimes(1);
    expect(damaged).toHaveBeenCalledWith('messages.page');

    // What the core's repair does (SyncEngine.rebuildCache): the reset, the outbox kept.
    expect(await cache['cache.repair']({})).toEqual({ dropped: 0 });
    expect((await read()).messages).toEqual([]);
    expect(await cache['sync.state']({})).toEqual({ feedCursor: null });
    expect((await cache['outbox.list']({})).items.map((item) => item.clientId)).toEqual(['draft-1']);

    // A new open arms the guard again.
    await rawPut(factory, 'messages', [{ ...message('c2', 75), kind: 'not-a-kind' }]);
    await cache['cache.open']({ accountId: ACCOUNT });
    await expect(cache['messages.get']({ messageId: 'c2-m75' })).rejects.toThrow();
    expect(damaged).toHaveBeenCalledTimes(2);
  });

  it('does not take a failed call for damage', async () => {
    const damaged = vi.fn();
    const cache = guardCache(setup().store, damaged);
    await expect(cache['sync.state']({})).rejects.toSatisfy((error) => isMagpieError(error, 'cache.unavailable'));
    expect(damaged).not.toHaveBeenCalled();
  });
});
