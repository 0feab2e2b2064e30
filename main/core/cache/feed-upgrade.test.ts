import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { cacheDatabaseName } from './database';
import { createDexieCacheStore } from './dexie-store';

describe('cache v3 → v4 upgrade', () => {
  it('keeps messages, conversations, outbox and markers; cursors become held ranges; the next connect bootstraps', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie(cacheDatabaseName('u1'), { indexedDB, IDBKeyRange });
    old.version(3).stores({
      conversations: 'id',
      messages: '[conversationId+seq], id, clientId, *searchTokens',
      cursors: 'conversationId',
      outbox: 'clientId, order',
      readMarkers: 'conversationId',
    });
    await old.open();
    const members = [{ id: 'u1', username: 'ann', displayName: 'Ann' }, { id: 'u2', username: 'bob', displayName: 'Bob' }];
    await old.table('conversations').put({ id: 'c1', kind: 'direct', members, lastSeq: 2, createdAt: 1, readSeq: 1, unreadCount: 1, peerReadSeq: 2 });
    await old.table('messages').bulkPut([1, 2].map((seq) => ({ id: `m${seq}`, conversationId: 'c1', seq, clientId: `k${seq}`, senderId: 'u2', kind: 'text', text: `旧消息 ${seq}`, createdAt: seq, searchTokens: [] })));
    await old.table('cursors').put({ conversationId: 'c1', seq: 2 });
    await old.table('outbox').put({ clientId: 'o1', conversationId: 'c1', senderId: 'u1', text: 'unsent', createdAt: 5, order: 5, attempts: 0, status: 'pending' });
    old.close();

    const store = createDexieCacheStore({ indexedDB, IDBKeyRange });
    await store['cache.open']({ accountId: 'u1' });
    const page = await store['messages.page']({ conversationId: 'c1', limit: 10 });
    expect(page).toMatchObject({ heldFrom: 1, hasMore: false });
    expect(page.messages.map((m) => [m.text, m.editedAt, m.recalled, m.reactions])).toEqual([
      ['旧消息 1', null, null, []],
      ['旧消息 2', null, null, []],
    ]);
    const { conversation } = await store['conversations.get']({ conversationId: 'c1' });
    expect(conversation?.conversation).toMatchObject({ readSeq: 1, peerReadSeq: 2, state: 'active', members: [{ role: 'member' }, { role: 'member' }] });
    expect((await store['outbox.list']({})).items.map((item) => item.clientId)).toEqual(['o1']);
    expect(await store['sync.state']({})).toEqual({ feedCursor: null });
  });
});
