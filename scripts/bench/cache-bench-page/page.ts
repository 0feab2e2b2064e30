import Dexie from 'dexie';
import type { Message } from '../../../shared/protocol';
import { cacheDatabaseName } from '../../../main/core/cache/database';
import { createDexieCacheStore } from '../../../main/core/cache/dexie-store';
import { corpusConversation, corpusMessage } from './corpus';

/**
 * The browser side of the cache bench: the real cache store (as the cache host runs it) next to
 * raw Dexie baselines, in one Chromium page. The driver calls `window.cacheBench.*`; every
 * figure is timed here, so CDP round trips are never part of it.
 */

const ACCOUNT = 'bench';
const store = createDexieCacheStore();
const ready = store['cache.open']({ accountId: ACCOUNT });

/** The same rows, v1 schema (no search index): what a plain bulkPut costs. */
const raw = new Dexie('raw-bench');
raw.version(1).stores({ messages: '[conversationId+seq], id, clientId' });

/** A plain Dexie handle on the store's own database, for raw reads of the same rows. */
let storeDb: Dexie | null = null;
async function sameRows(): Promise<Dexie> {
  await ready;
  storeDb ??= await new Dexie(cacheDatabaseName(ACCOUNT)).open();
  return storeDb;
}

function pages(from: number, count: number, conversations: number, pageSize: number): Message[][] {
  const out: Message[][] = [];
  for (let start = from; start < from + count; start += pageSize) {
    const end = Math.min(from + count, start + pageSize);
    out.push(Array.from({ length: end - start }, (_, k) => corpusMessage(start + k, conversations)));
  }
  return out;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function repeat(reps: number, run: () => Promise<unknown>): Promise<number[]> {
  await run(); // warm-up: first touches open the database files
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await timed(run));
  return times;
}

const cacheBench = {
  /**
   * Writes messages [from, from+count) as catch-up does: one `sync.apply` per page of `pageSize`,
   * moving the feed cursor, with the conversations already known (bootstrap brought them); ms.
   * The search index is written by the follow-up indexer once writes pause (not timed here).
   */
  async writeStore(from: number, count: number, conversations: number, pageSize: number): Promise<number> {
    await ready;
    if (from === 0) await store['sync.apply']({ conversations: Array.from({ length: conversations }, (_, i) => corpusConversation(i)) });
    let ms = 0;
    let cursor = from;
    for (const page of pages(from, count, conversations, pageSize)) {
      cursor += page.length;
      ms += await timed(() => store['sync.apply']({ messages: page, feedCursor: cursor }));
    }
    return ms;
  },

  /**
   * Catch-up against its baseline, page by page: raw bulkPut of a page, then the same page through
   * `sync.apply`. Interleaved so both see the same machine load, and so the store's writes never
   * pause long enough (150 ms) for the follow-up indexer to start: it runs after a catch-up, as
   * in the app, not during it. Returns ms spent in each.
   */
  async writeBoth(from: number, count: number, conversations: number, pageSize: number): Promise<{ rawMs: number; storeMs: number }> {
    await ready;
    if (from === 0) await store['sync.apply']({ conversations: Array.from({ length: conversations }, (_, i) => corpusConversation(i)) });
    let rawMs = 0;
    let storeMs = 0;
    let cursor = from;
    for (const page of pages(from, count, conversations, pageSize)) {
      cursor += page.length;
      rawMs += await timed(() => raw.transaction('rw', raw.table('messages'), () => raw.table('messages').bulkPut(page)));
      storeMs += await timed(() => store['sync.apply']({ messages: page, feedCursor: cursor }));
    }
    return { rawMs, storeMs };
  },

  /** Rows the follow-up indexer has not reached yet. */
  async unindexed(): Promise<number> {
    const db = await sameRows();
    return db.table('messages').where('unindexed').equals(1).count();
  },

  /**
   * Latest 50 through the store, `gapMs` apart: with a gap longer than the indexer's grace after
   * a read, every read finds indexing under way (the worst case for a reader); ms per read.
   */
  async readLatestSpaced(conversationId: string, reps: number, gapMs: number): Promise<number[]> {
    await ready;
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      times.push(await timed(() => store['messages.page']({ conversationId, limit: 50 })));
    }
    return times;
  },

  /** Latest 50 of a conversation through the store (what `messages.list` asks); ms per read. */
  async readLatest(conversationId: string, reps: number): Promise<number[]> {
    await ready;
    return repeat(reps, () => store['messages.page']({ conversationId, limit: 50 }));
  },

  /** The same read as one raw compound-index range on the same rows; ms per read. */
  async readLatestRaw(conversationId: string, reps: number): Promise<number[]> {
    const db = await sameRows();
    const range = () =>
      db
        .table('messages')
        .where('[conversationId+seq]')
        .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
        .reverse()
        .limit(50)
        .toArray();
    return repeat(reps, range);
  },

  /** Search latency (ms per call) and how many results the last call returned. */
  async search(query: string, reps: number, limit: number, conversationId?: string) {
    await ready;
    let found = 0;
    const times = await repeat(reps, async () => {
      const { results } = await store['messages.search']({ query, limit, ...(conversationId ? { conversationId } : {}) });
      found = results.length;
    });
    return { times, found };
  },

  /** A substring scan of `count` rows: the no-index baseline search would otherwise be. */
  async scanRaw(needle: string, count: number): Promise<number> {
    const db = await sameRows();
    return timed(async () => {
      const rows: Message[] = await db.table('messages').limit(count).toArray();
      return rows.filter((row) => row.text.includes(needle));
    });
  },
};

(window as unknown as { cacheBench: typeof cacheBench }).cacheBench = cacheBench;
export type CacheBench = typeof cacheBench;
