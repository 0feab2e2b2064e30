import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { CacheApi } from '../../../shared/cache';
import { cacheDatabaseName } from './database';
import { createDexieCacheStore } from './dexie-store';
import { message } from '../testing/fixtures';

async function storeWith(texts: Record<string, string[]>): Promise<CacheApi> {
  const store = createDexieCacheStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  await store['cache.open']({ accountId: 'acct1' });
  for (const [conversationId, list] of Object.entries(texts)) {
    await store['messages.put']({ messages: list.map((text, index) => message(conversationId, index + 1, text)) });
  }
  return store;
}

async function texts(store: CacheApi, query: string, extra: { conversationId?: string; limit?: number } = {}) {
  const { results } = await store['messages.search']({ query, limit: 100, ...extra });
  return results.map((result) => result.message.text);
}

describe('local search in the cache', () => {
  it('finds Chinese by phrase and by words, with no bigram false positives', async () => {
    const store = await storeWith({ c1: ['我们今天下午开会吗', '今天开会', '明天开会', '今天好，天开了'] });
    expect(await texts(store, '今天开会')).toEqual(['今天开会']);
    expect(await texts(store, '今天 开会')).toEqual(['今天开会', '我们今天下午开会吗']);
    expect(await texts(store, '今天开')).toEqual(['今天开会']);
    expect(await texts(store, '开会')).toEqual(['明天开会', '今天开会', '我们今天下午开会吗']);
  });

  it('finds a single character, also alone at the end of a text', async () => {
    const store = await storeWith({ c1: ['Bob 王', '王小明来了', 'nothing here'] });
    expect(await texts(store, '王')).toEqual(['王小明来了', 'Bob 王']);
  });

  it('folds case and diacritics, matches the last word as a prefix, and highlights the original', async () => {
    const store = await storeWith({ c1: ['Un Café, please', 'Team MEETING at 3', 'meet me', 'met him'] });
    expect(await texts(store, 'cafe')).toEqual(['Un Café, please']);
    expect(await texts(store, 'CAFÉ')).toEqual(['Un Café, please']);
    expect(await texts(store, 'meet')).toEqual(['meet me', 'Team MEETING at 3']);
    expect(await texts(store, 'meet ')).toEqual(['meet me']);
    expect(await texts(store, 'meeting team')).toEqual(['Team MEETING at 3']);
    const { results } = await store['messages.search']({ query: 'team meet', limit: 10 });
    expect(results).toHaveLength(1);
    expect(results[0]!.highlights).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
    ]);
    expect(results[0]!.message).not.toHaveProperty('searchTokens');
  });

  it('finds nothing that does not match every term', async () => {
    const store = await storeWith({ c1: ['apple pie', 'banana split', '苹果派'] });
    expect(await texts(store, 'apple banana')).toEqual([]);
    expect(await texts(store, 'pear')).toEqual([]);
    expect(await texts(store, '香蕉')).toEqual([]);
    expect(await texts(store, 'ap')).toEqual([]); // 1-2 letters match whole words only
    expect(await texts(store, '?!')).toEqual([]);
  });

  it('returns the newest first, pages with nextBefore, and filters by conversation', async () => {
    const many = Array.from({ length: 30 }, (_, index) => `report ${index + 1} 报告`);
    const store = await storeWith({ c1: many, c2: ['report from c2 报告'] });
    const first = await store['messages.search']({ query: '报告', conversationId: 'c1', limit: 12 });
    expect(first.results.map((r) => r.message.seq)).toEqual(Array.from({ length: 12 }, (_, i) => 30 - i));
    expect(first.nextBefore).toEqual({ createdAt: 1_019, conversationId: 'c1', seq: 19 });

    const seqs: number[] = first.results.map((r) => r.message.seq);
    let before = first.nextBefore;
    while (before) {
      const page = await store['messages.search']({ query: '报告', conversationId: 'c1', limit: 12, before });
      seqs.push(...page.results.map((r) => r.message.seq));
      before = page.nextBefore;
    }
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));

    const all = await store['messages.search']({ query: 'report', limit: 100 });
    expect(all.results).toHaveLength(31);
    expect(all.nextBefore).toBeNull();
    expect(await texts(store, 'report', { conversationId: 'c2' })).toEqual(['report from c2 报告']);
  });

  it('pages through many messages sharing one millisecond without losing or repeating any', async () => {
    const store = createDexieCacheStore({ indexedDB: new IDBFactory(), IDBKeyRange });
    await store['cache.open']({ accountId: 'acct1' });
    const burst = Array.from({ length: 250 }, (_, i) => ({ ...message(`c${i % 3}`, Math.floor(i / 3) + 1, '同时 burst'), createdAt: 5_000 }));
    await store['messages.put']({ messages: burst });
    const seen = new Set<string>();
    let before;
    do {
      const page = await store['messages.search']({ query: 'burst', limit: 7, ...(before ? { before } : {}) });
      for (const { message: m } of page.results) seen.add(m.id);
      before = page.nextBefore;
    } while (before);
    expect(seen.size).toBe(250);

    const inOne: string[] = [];
    before = undefined;
    do {
      const page = await store['messages.search']({ query: '同时', conversationId: 'c1', limit: 5, ...(before ? { before } : {}) });
      inOne.push(...page.results.map(({ message: m }) => m.id));
      before = page.nextBefore;
    } while (before);
    expect(new Set(inOne).size).toBe(83);
    expect(inOne).toHaveLength(83);
  });

  it('re-indexes a changed message: the old words leave the index', async () => {
    const store = await storeWith({ c1: ['draft about lunch'] });
    await store['messages.put']({ messages: [{ ...message('c1', 1, '改成开会') }] });
    expect(await texts(store, 'lunch')).toEqual([]);
    expect(await texts(store, '开会')).toEqual(['改成开会']);
    await store['messages.put']({ messages: [{ ...message('c1', 1, '') }] });
    expect(await texts(store, '开会')).toEqual([]);
  });

  it('indexes messages cached by schema v1 when it upgrades', async () => {
    const deps = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v1 = new Dexie(cacheDatabaseName('acct1'), deps);
    v1.version(1).stores({ conversations: 'id', messages: '[conversationId+seq], id, clientId', cursors: 'conversationId', outbox: 'clientId, order' });
    await v1.table('messages').bulkPut([message('c1', 1, '老消息 Old news'), message('c1', 2, '另一条')]);
    v1.close();

    const store = createDexieCacheStore(deps);
    await store['cache.open']({ accountId: 'acct1' });
    expect(await texts(store, '消息')).toEqual(['老消息 Old news']);
    expect(await texts(store, 'news')).toEqual(['老消息 Old news']);
    const page = await store['messages.page']({ conversationId: 'c1', limit: 10 });
    expect(page.messages[0]).toEqual(message('c1', 1, '老消息 Old news'));
  });

  it('is reachable through the RPC contract, which validates its params', async () => {
    const { createRpcCache } = await import('../testing/fixtures');
    const store = await storeWith({ c1: ['hello 世界'] });
    const { client } = createRpcCache(store);
    const { results } = await client['messages.search']({ query: '世界', limit: 5 });
    expect(results[0]?.highlights).toEqual([{ start: 6, end: 8 }]);
    await expect(client['messages.search']({ query: 'x', limit: 101 })).rejects.toMatchObject({ code: 'validation.invalid' });
  });
});
