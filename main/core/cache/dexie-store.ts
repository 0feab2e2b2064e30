import Dexie from 'dexie';
import type { CacheApi, CacheMethod } from '../../../shared/cache';
import { MagpieError } from '../../../shared/errors';
import type { Conversation, Message, SyncCursor } from '../../../shared/protocol';
import { MagpieCacheDatabase, type IndexedDbDeps } from './database';
import { searchMessages } from './message-search';
import { applyReadState, markerSent, noteMessages, putConversations } from './read-state';
import { fromCachedMessage, toCachedMessage, type CachedMessage } from './search-index';

/** Larger puts are split so one transaction never holds an unbounded batch. */
const PUT_CHUNK = 1_000;

interface OpenCache {
  accountId: string;
  db: MagpieCacheDatabase;
  /** Every call awaits this, so a call that arrives right after `cache.open` sees the open DB. */
  ready: Promise<void>;
}

/**
 * The one implementation of the cache's queries, used by the Electron cache host, the browser
 * shell's cache page and Node tests (over fake-indexeddb). Every method is idempotent (puts and
 * reads only), because the RPC client re-sends calls that were in flight when a host went away.
 */
export function createDexieCacheStore(deps: IndexedDbDeps = {}): CacheApi {
  let current: OpenCache | null = null;

  async function database(): Promise<MagpieCacheDatabase> {
    const open = current;
    if (!open) throw new MagpieError('cache.unavailable', 'No account cache is open');
    await open.ready;
    return open.db;
  }

  const api: CacheApi = {
    async 'cache.open'({ accountId }) {
      if (current?.accountId === accountId) {
        await current.ready;
        return {};
      }
      current?.db.close();
      const db = new MagpieCacheDatabase(accountId, deps);
      // Set synchronously, before any await, so calls queued behind the open wait for it.
      current = { accountId, db, ready: db.open().then(() => undefined) };
      await current.ready;
      return {};
    },

    async 'cache.wipe'({ accountId }) {
      if (current?.accountId === accountId) {
        const open = current;
        current = null;
        await open.ready.catch(() => undefined);
        await open.db.delete();
        return {};
      }
      await new MagpieCacheDatabase(accountId, deps).delete();
      return {};
    },

    async 'conversations.put'({ conversations }) {
      // Merged, not replaced: read markers in the cache may be ahead of the server's answer.
      await putConversations(await database(), conversations);
      return {};
    },

    async 'conversations.list'() {
      const db = await database();
      return db.transaction('r', db.conversations, db.messages, async () => {
        const conversations = await db.conversations.toArray();
        // The newest message of each conversation is the last key of its index range: no scan.
        const rows = await Promise.all(
          conversations.map(async (conversation) => ({
            conversation,
            lastMessage: fromLast(await conversationRange(db, conversation.id).last()),
          })),
        );
        return { conversations: rows };
      });
    },

    async 'messages.put'({ messages }) {
      const db = await database();
      // Each row carries its search entries, so the index changes in the same put as the text.
      await db.transaction('rw', db.messages, db.conversations, async () => {
        await putChunked(db, db.messages, messages.map(toCachedMessage));
        await noteMessages(db, messages); // lastSeq, own and peer markers, unread count
      });
      return {};
    },

    async 'messages.page'({ conversationId, beforeSeq, limit }) {
      const db = await database();
      const upper = beforeSeq ?? Dexie.maxKey;
      // One more than asked tells whether older messages exist, without a count().
      const newestFirst = await db.messages
        .where('[conversationId+seq]')
        .between([conversationId, Dexie.minKey], [conversationId, upper], true, false)
        .reverse()
        .limit(limit + 1)
        .toArray();
      const hasMore = newestFirst.length > limit;
      return { messages: newestFirst.slice(0, limit).reverse().map(fromCachedMessage), hasMore };
    },

    async 'messages.search'(params) {
      return searchMessages(await database(), params);
    },

    async 'readState.apply'(params) {
      return applyReadState(await database(), params);
    },

    async 'readState.pending'() {
      const db = await database();
      return { markers: await db.readMarkers.toArray() };
    },

    async 'readState.sent'(marker) {
      await markerSent(await database(), marker);
      return {};
    },

    async 'cursors.list'() {
      const db = await database();
      return { cursors: await db.cursors.toArray() };
    },

    async 'cursors.put'({ cursors }) {
      const db = await database();
      // Cursors only move forward, so a re-sent (older) put can never undo progress.
      await db.transaction('rw', db.cursors, async () => {
        const existing = await db.cursors.bulkGet(cursors.map((cursor) => cursor.conversationId));
        const forward: SyncCursor[] = cursors.filter((cursor, index) => cursor.seq > (existing[index]?.seq ?? -1));
        if (forward.length > 0) await db.cursors.bulkPut(forward);
      });
      return {};
    },

    // `put`, not `add`: adding the same item twice (a re-sent call) must not fail.
    async 'outbox.add'({ item }) {
      const db = await database();
      await db.outbox.put(item);
      return {};
    },

    async 'outbox.list'() {
      const db = await database();
      return { items: await db.outbox.orderBy('order').toArray() };
    },

    async 'outbox.put'({ item }) {
      const db = await database();
      await db.outbox.put(item);
      return {};
    },

    async 'outbox.remove'({ clientId }) {
      const db = await database();
      await db.outbox.delete(clientId);
      return {};
    },
  };
  return withTypedErrors(api);
}

function conversationRange(db: MagpieCacheDatabase, conversationId: string) {
  return db.messages
    .where('[conversationId+seq]')
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey], true, true);
}

function fromLast(row: CachedMessage | undefined): Message | null {
  return row ? fromCachedMessage(row) : null;
}

async function putChunked<T extends Conversation | CachedMessage, K>(
  db: MagpieCacheDatabase,
  table: Dexie.Table<T, K>,
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction('rw', table, async () => {
    for (let start = 0; start < rows.length; start += PUT_CHUNK) {
      await table.bulkPut(rows.slice(start, start + PUT_CHUNK));
    }
  });
}

/** Dexie's errors become `cache.failed` (name and message only; they are local, not secret). */
function withTypedErrors(api: CacheApi): CacheApi {
  const wrapped = {} as Record<CacheMethod, unknown>;
  for (const method of Object.keys(api) as CacheMethod[]) {
    const call = api[method] as (params: unknown) => Promise<unknown>;
    wrapped[method] = async (params: unknown) => {
      try {
        return await call(params);
      } catch (error) {
        if (error instanceof MagpieError) throw error;
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        throw new MagpieError('cache.failed', `${name}: ${message}`.slice(0, 500));
      }
    };
  }
  return wrapped as CacheApi;
}
