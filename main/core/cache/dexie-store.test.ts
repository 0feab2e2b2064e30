import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { isMagpieError } from '../../../shared/errors';
import { createDexieCacheStore } from './dexie-store';
import { conversation, createTestStore, message, outboxItem } from '../testing/fixtures';

describe('Dexie cache store', () => {
  it('refuses calls before an account cache is open', async () => {
    const store = createTestStore();
    await expect(store['sync.state']({})).rejects.toSatisfy((error) => isMagpieError(error, 'cache.unavailable'));
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

  it('moves the feed cursor only forward and lowers heldFrom only', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    expect(await store['sync.state']({})).toEqual({ feedCursor: null });
    await store['sync.apply']({ feedCursor: 9, held: [{ conversationId: 'c1', from: 40 }] });
    await store['sync.apply']({ feedCursor: 4, held: [{ conversationId: 'c1', from: 60 }] });
    expect(await store['sync.state']({})).toEqual({ feedCursor: 9 });
    await store['sync.apply']({ conversations: [conversation('c1', 50)], messages: Array.from({ length: 20 }, (_, i) => message('c1', 31 + i)) });
    const page = await store['messages.page']({ conversationId: 'c1', limit: 50 });
    expect(page).toMatchObject({ heldFrom: 40, hasMore: false, visibleFromSeq: 0 });
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 11 }, (_, i) => 40 + i));
  });

  it('keeps the newest revision of a message, removes hidden ones for good and counts unread mentions', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'u2' });
    await store['sync.apply']({
      conversations: [conversation('c1', 3)],
      messages: [message('c1', 1, 'mine', { senderId: 'u2', mentionsAll: true }), message('c1', 2, 'hi @bob', { mentions: ['u2'], rev: 5 }), message('c1', 3, 'all', { mentionsAll: true })],
    });
    expect((await store['conversations.get']({ conversationId: 'c1' })).conversation?.unreadMentions).toBe(2);
    // A stale copy (older rev) never undoes an edit; a recall drops the mention.
    await store['messages.put']({ messages: [message('c1', 2, 'edited', { rev: 7, editedAt: 9 })] });
    await store['messages.put']({ messages: [message('c1', 2, 'hi @bob', { mentions: ['u2'], rev: 5 })] });
    await store['messages.put']({ messages: [message('c1', 3, '', { rev: 8, recalled: { by: 'u1', at: 10 } })] });
    const { messages } = await store['messages.page']({ conversationId: 'c1', limit: 10 });
    expect(messages.map((m) => [m.text, m.editedAt, m.recalled?.by ?? null])).toEqual([
      ['mine', null, null],
      ['edited', 9, null],
      ['', null, 'u1'],
    ]);
    expect((await store['conversations.get']({ conversationId: 'c1' })).conversation?.unreadMentions).toBe(0);
    expect((await store['messages.search']({ query: 'edited', limit: 10 })).results).toHaveLength(1);
    expect((await store['messages.search']({ query: 'all', limit: 10 })).results).toHaveLength(0);

    await store['sync.apply']({ hidden: [{ conversationId: 'c1', messageId: 'c1-m1' }] });
    await store['messages.put']({ messages: [message('c1', 1, 'mine', { senderId: 'u2' })] });
    expect((await store['messages.page']({ conversationId: 'c1', limit: 10 })).messages.map((m) => m.seq)).toEqual([2, 3]);
    const { conversations } = await store['conversations.list']({});
    expect(conversations[0]?.lastMessage).toMatchObject({ seq: 3, recalled: { by: 'u1' } });
  });

  it('reports a live message that skips seqs, and messages of unknown conversations', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    await store['sync.apply']({ conversations: [conversation('c1', 2)], messages: [message('c1', 1), message('c1', 2)] });
    expect(await store['sync.apply']({ messages: [message('c1', 3)] })).toEqual({ gaps: [], unknown: [] });
    expect(await store['sync.apply']({ messages: [message('c1', 5), message('c9', 1)] })).toEqual({ gaps: ['c1'], unknown: ['c9'] });
  });

  it('wipes messages, held ranges and the feed cursor on reset, keeping conversations and the outbox', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'acct1' });
    await store['sync.apply']({ conversations: [conversation('c1', 1)], messages: [message('c1', 1)], held: [{ conversationId: 'c1', from: 1 }], feedCursor: 3 });
    await store['outbox.add']({ item: outboxItem('a', 1) });
    await store['sync.resetMessages']({});
    expect(await store['sync.state']({})).toEqual({ feedCursor: null });
    expect(await store['messages.page']({ conversationId: 'c1', limit: 10 })).toMatchObject({ messages: [], heldFrom: null });
    expect((await store['conversations.list']({})).conversations).toHaveLength(1);
    expect((await store['outbox.list']({})).items).toHaveLength(1);
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
