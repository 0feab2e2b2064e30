import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDexieCacheStore } from './dexie-store';
import { conversation, message } from '../testing/fixtures';

const fromOther = (conversationId: string, seq: number) => ({ ...message(conversationId, seq), senderId: 'u2' });

async function openStore(accountId = 'u1', indexedDB = new IDBFactory()) {
  const store = createDexieCacheStore({ indexedDB, IDBKeyRange });
  await store['cache.open']({ accountId });
  return store;
}

const rowOf = async (store: Awaited<ReturnType<typeof openStore>>, id: string) =>
  (await store['conversations.list']({})).conversations.find((r) => r.conversation.id === id)?.conversation;

describe('read state in the cache', () => {
  it('counts messages from others after the marker; own messages move the marker, the peer’s move theirs', async () => {
    const store = await openStore('u1');
    await store['conversations.put']({ conversations: [conversation('c1', 0)] });
    await store['messages.put']({ messages: [fromOther('c1', 1), fromOther('c1', 2), fromOther('c1', 3)] });
    expect(await rowOf(store, 'c1')).toMatchObject({ lastSeq: 3, readSeq: 0, unreadCount: 3, peerReadSeq: 3 });
    await store['messages.put']({ messages: [message('c1', 4)] }); // u1 is the account: its own reply
    expect(await rowOf(store, 'c1')).toMatchObject({ lastSeq: 4, readSeq: 4, unreadCount: 0 });
  });

  it('never moves markers back, whoever writes, and clamps to the newest known seq', async () => {
    const store = await openStore();
    await store['conversations.put']({ conversations: [conversation('c1', 5)] });
    expect(await store['readState.apply']({ conversationId: 'c1', readSeq: 4 })).toEqual({ changed: true });
    expect(await store['readState.apply']({ conversationId: 'c1', readSeq: 2 })).toEqual({ changed: false });
    await store['conversations.put']({ conversations: [{ ...conversation('c1', 5), readSeq: 1, unreadCount: 4, peerReadSeq: 2 }] });
    expect(await rowOf(store, 'c1')).toMatchObject({ readSeq: 4, unreadCount: 1, peerReadSeq: 2 });
    await store['readState.apply']({ conversationId: 'c1', readSeq: 99 });
    expect(await rowOf(store, 'c1')).toMatchObject({ readSeq: 5, unreadCount: 0 });
  });

  it('keeps only the highest pending marker per conversation until the server took it', async () => {
    const store = await openStore();
    await store['conversations.put']({ conversations: [conversation('c1', 9), conversation('c2', 9)] });
    await store['readState.apply']({ conversationId: 'c1', readSeq: 3, pending: true });
    await store['readState.apply']({ conversationId: 'c1', readSeq: 6, pending: true });
    await store['readState.apply']({ conversationId: 'c2', readSeq: 2, pending: true });
    expect((await store['readState.pending']({})).markers).toEqual([{ conversationId: 'c1', seq: 6 }, { conversationId: 'c2', seq: 2 }]);
    await store['readState.sent']({ conversationId: 'c1', seq: 3 }); // an older send answered late
    await store['readState.sent']({ conversationId: 'c2', seq: 2 });
    expect((await store['readState.pending']({})).markers).toEqual([{ conversationId: 'c1', seq: 6 }]);
  });

  it('upgrades a cache from before read state: own newest message is the marker, nothing unread of one’s own', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('magpie-cache-u1', { indexedDB, IDBKeyRange });
    old.version(2).stores({ conversations: 'id', messages: '[conversationId+seq], id, clientId, *searchTokens', cursors: 'conversationId', outbox: 'clientId, order' });
    const legacy = conversation('c1', 3) as Partial<ReturnType<typeof conversation>>;
    delete legacy.readSeq;
    delete legacy.unreadCount;
    delete legacy.peerReadSeq;
    await old.table('conversations').put(legacy);
    await old.table('messages').bulkPut([message('c1', 1), message('c1', 2), fromOther('c1', 3), fromOther('c1', 4)].map((m) => ({ ...m, searchTokens: [] })));
    old.close();
    const store = await openStore('u1', indexedDB);
    expect(await rowOf(store, 'c1')).toMatchObject({ lastSeq: 4, readSeq: 2, unreadCount: 2, peerReadSeq: 0 });
    expect((await store['readState.pending']({})).markers).toEqual([]);
  });
});
