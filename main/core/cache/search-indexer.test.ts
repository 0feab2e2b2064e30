import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { message } from '../testing/fixtures';
import { MagpieCacheDatabase } from './database';
import { toRow } from './message-rows';
import { SearchIndexer } from './search-indexer';

const open: Array<{ db: MagpieCacheDatabase; indexer: SearchIndexer }> = [];

async function setUp(rows: number) {
  const db = new MagpieCacheDatabase('acct1', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await db.messages.bulkPut(Array.from({ length: rows }, (_, i) => toRow(message('c1', i + 1, `项目 review ${i}`), 'acct1', undefined)));
  const indexer = new SearchIndexer(db);
  open.push({ db, indexer });
  return { db, indexer, waiting: () => db.messages.where('unindexed').equals(1).count() };
}

afterEach(() => {
  for (const { db, indexer } of open.splice(0)) {
    indexer.close();
    db.close();
  }
});

describe('SearchIndexer', () => {
  it('indexes rows written unindexed once writes pause', async () => {
    const { db, indexer, waiting } = await setUp(120);
    expect(await waiting()).toBe(120);
    indexer.noteWrite();
    await vi.waitFor(async () => expect(await waiting()).toBe(0), { timeout: 10_000, interval: 50 });
    const row = await db.messages.get(['c1', 7]);
    expect(row?.unindexed).toBeUndefined();
    expect(row?.searchTokens?.length).toBeGreaterThan(0);
  });

  it('starts no indexing while a write or a read of the messages table is pending', async () => {
    const { indexer, waiting } = await setUp(30);
    let endWrite!: () => void;
    let endRead!: () => void;
    const write = indexer.writing(() => new Promise<void>((resolve) => (endWrite = resolve)));
    const read = indexer.reading(() => new Promise<void>((resolve) => (endRead = resolve)));
    indexer.noteWrite();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await waiting()).toBe(30);

    endWrite();
    await write;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await waiting()).toBe(30); // the read still holds it off

    endRead();
    await read;
    await vi.waitFor(async () => expect(await waiting()).toBe(0), { timeout: 10_000, interval: 50 });
  });

  it('drain indexes at most what it is asked for, at once, and nothing after close', async () => {
    const { indexer, waiting } = await setUp(300);
    await indexer.drain(260);
    expect(await waiting()).toBe(40);
    indexer.close();
    await indexer.drain(100);
    indexer.noteWrite();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await waiting()).toBe(40);
  });
});
