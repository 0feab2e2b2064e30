import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { isMagpieError } from '../../../shared/errors';
import { createDexieCacheStore } from './dexie-store';
import { conversation, createTestStore, message, outboxItem } from '../testing/fixtures';

describe('Dexie cache store', () => {
  it('refuses calls before an account cache is open', async () => {
    const store = createTestStore();
    await expect(store['cursors.list']({})).rejects.toSatisfy((error) => isMagpieError(error, 'cache.unavailable'));
  });

  it('pages a conversation newest-first by [conversationId+seq] and returns it ascending', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    const many = Array.from({ length: 120 }, (_, index) => message('c1', index + 1));
    await store['messages.put']({ messages: [...many, message('c2', 1), message('c2', 2)] });

    const newest = await store['messages.page']({ conversationId: 'c1', limit: 50 });
    expect(newest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect(newest.hasMore).toBe(true);

    const older = await store['messages.page']({ conversationId: 'c1', beforeSeq: 71, limit: 50 });
    expect(older.messages[0]?.seq).toBe(21);
    expect(older.messages.at(-1)?.seq).toBe(70);

    const oldest = await store['messages.page']({ conversationId: 'c1', beforeSeq: 21, limit: 50 });
    expect(oldest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(oldest.hasMore).toBe(false);

    const other = await store['messages.page']({ conversationId: 'c2', limit: 50 });
    expect(other.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('puts idempotently: the same message twice is one row', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    await store['messages.put']({ messages: [message('c1', 1), message('c1', 2)] });
    await store['messages.put']({ messages: [message('c1', 2), message('c1', 1)] });
    const page = await store['messages.page']({ conversationId: 'c1', limit: 10 });
    expect(page.messages).toHaveLength(2);
  });

  it('lists conversations with their newest message', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    await store['conversations.put']({ conversations: [conversation('c1'), conversation('c2')] });
    await store['messages.put']({ messages: [message('c1', 1), message('c1', 3), message('c1', 2)] });
    const { conversations } = await store['conversations.list']({});
    const byId = new Map(conversations.map((row) => [row.conversation.id, row.lastMessage]));
    expect(byId.get('c1')?.seq).toBe(3);
    expect(byId.get('c2')).toBeNull();
  });

  it('moves cursors only forward', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    await store['cursors.put']({ cursors: [{ conversationId: 'c1', seq: 5 }] });
    await store['cursors.put']({ cursors: [{ conversationId: 'c1', seq: 3 }, { conversationId: 'c2', seq: 1 }] });
    const { cursors } = await store['cursors.list']({});
    expect(cursors.sort((a, b) => a.conversationId.localeCompare(b.conversationId))).toEqual([
      { conversationId: 'c1', seq: 5 },
      { conversationId: 'c2', seq: 1 },
    ]);
  });

  it('keeps the outbox in order and tolerates repeated adds and removes', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    await store['outbox.add']({ item: outboxItem('b', 2) });
    await store['outbox.add']({ item: outboxItem('a', 1) });
    await store['outbox.add']({ item: outboxItem('a', 1) });
    await store['outbox.put']({ item: { ...outboxItem('c', 3), status: 'failed', error: { code: 'message.too_long', message: 'x' } } });
    expect((await store['outbox.list']({})).items.map((item) => item.clientId)).toEqual(['a', 'b', 'c']);
    await store['outbox.remove']({ clientId: 'a' });
    await store['outbox.remove']({ clientId: 'a' });
    expect((await store['outbox.list']({})).items.map((item) => item.clientId)).toEqual(['b', 'c']);
  });

  it('keeps accounts apart, persists across reopen, and wipes one account', async () => {
    const deps = { indexedDB: new IDBFactory(), IDBKeyRange };
    const first = createDexieCacheStore(deps);
    await first['cache.open']({ accountId: 'ann' });
    await first['messages.put']({ messages: [message('c1', 1)] });
    await first['cache.open']({ accountId: 'bob' });
    expect((await first['messages.page']({ conversationId: 'c1', limit: 10 })).messages).toHaveLength(0);

    const second = createDexieCacheStore(deps); // a reloaded host page
    await second['cache.open']({ accountId: 'ann' });
    expect((await second['messages.page']({ conversationId: 'c1', limit: 10 })).messages).toHaveLength(1);

    await second['cache.wipe']({ accountId: 'ann' });
    await second['cache.open']({ accountId: 'ann' });
    expect((await second['messages.page']({ conversationId: 'c1', limit: 10 })).messages).toHaveLength(0);
  });
});
