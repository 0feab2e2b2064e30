import Dexie from 'dexie';
import { CACHE_METHODS, type CacheApi, type CacheMethod, type CacheParsedParams, type OutboxItem } from '../../../shared/cache';
import { MagpieError } from '../../../shared/errors';
import type { Conversation, Message } from '../../../shared/protocol';
import { MagpieCacheDatabase, type IndexedDbDeps } from './database';
import { openWithRecovery, resetDamaged } from './integrity';
import { applyUserProfile } from './member-profiles';
import { searchMessages } from './message-search';
import { applyReadState, markerSent, putConversations } from './read-state';
import { fromCachedMessage, type CachedMessage } from './search-index';
import { SearchIndexer } from './search-indexer';
import { applySync, countUnreadMentions, resetMessages } from './sync-apply';
import { transferRowMethods } from './transfer-rows';

/** Rows a search indexes first at most, when the follow-up indexer has not caught up yet. */
const SEARCH_DRAIN_ROWS = 5_000;

interface OpenCache {
  accountId: string;
  db: MagpieCacheDatabase;
  indexer: SearchIndexer;
  /** Every call awaits this, so a call that arrives right after `cache.open` sees the open DB. */
  ready: Promise<void>;
  /** Why opening rebuilt the database (integrity.ts), told to every `cache.open` of this account. */
  rebuilt: string | null;
}

function openResult(open: OpenCache): { rebuilt: boolean; reason?: string } {
  return open.rebuilt === null ? { rebuilt: false } : { rebuilt: true, reason: open.rebuilt };
}

/**
 * The one implementation of the cache's queries, used by the Electron cache host, the browser
 * shell's cache page and Node tests (over fake-indexeddb). Every method is idempotent (puts and
 * reads only), because the RPC client re-sends calls that were in flight when a host went away.
 */
export function createDexieCacheStore(deps: IndexedDbDeps = {}): CacheApi {
  let current: OpenCache | null = null;

  async function opened(): Promise<OpenCache> {
    const open = current;
    if (!open) throw new MagpieError('cache.unavailable', 'No account cache is open');
    await open.ready;
    return open;
  }
  const database = async () => (await opened()).db;

  /** A message write: the follow-up indexer waits while it runs and starts once writes pause. */
  async function written<T>(write: (db: MagpieCacheDatabase) => Promise<T>): Promise<T> {
    const open = await opened();
    return open.indexer.writing(() => write(open.db));
  }
  /** A read of the messages table: no indexing transaction starts while it is pending. */
  async function reading<T>(read: (db: MagpieCacheDatabase) => Promise<T>): Promise<T> {
    const open = await opened();
    return open.indexer.reading(() => read(open.db));
  }

  const api: CacheApi = {
    async 'cache.open'({ accountId }) {
      if (current?.accountId === accountId) {
        await current.ready;
        return openResult(current);
      }
      close(current);
      // Set synchronously, before any await, so calls queued behind the open wait for it. A
      // damaged database is rebuilt before any other call sees it (integrity.ts), as a new
      // Dexie instance, hence `db` and `indexer` are set once it is ready.
      const open: OpenCache = { accountId, db: new MagpieCacheDatabase(accountId, deps), indexer: null!, rebuilt: null, ready: Promise.resolve() };
      open.indexer = new SearchIndexer(open.db);
      open.ready = openWithRecovery(accountId, deps).then(
        ({ db, rebuilt }) => {
          open.indexer.close();
          open.db = db;
          open.indexer = new SearchIndexer(db);
          open.rebuilt = rebuilt;
          if (current !== open) close(open); // another account was opened meanwhile
        },
        (error: unknown) => {
          // Not damage (quota, no IndexedDB): the next `cache.open` tries again instead of
          // awaiting this failure for ever.
          if (current === open) current = null;
          throw error;
        },
      );
      current = open;
      await open.ready;
      open.indexer.noteWrite(); // rows a crash left unindexed
      return openResult(open);
    },

    async 'cache.repair'() {
      const open = await opened();
      // Like `sync.resetMessages`: the indexer must not index rows as they are cleared.
      return { dropped: await open.indexer.writing(() => resetDamaged(open.db)) };
    },

    async 'cache.wipe'({ accountId }) {
      if (current?.accountId === accountId) {
        const open = current;
        current = null;
        open.indexer.close();
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
      return reading((db) => db.transaction('r', db.conversations, db.messages, async () => {
        const conversations = await db.conversations.toArray();
        return { conversations: await Promise.all(conversations.map((conversation) => describe(db, conversation))) };
      }));
    },

    async 'conversations.get'({ conversationId }) {
      return reading((db) => db.transaction('r', db.conversations, db.messages, async () => {
        const conversation = await db.conversations.get(conversationId);
        return { conversation: conversation ? await describe(db, conversation) : null };
      }));
    },

    async 'conversations.applyUser'({ user }) {
      return { conversationIds: await applyUserProfile(await database(), user as CacheParsedParams<'conversations.applyUser'>['user']) };
    },

    async 'messages.put'({ messages }) {
      await written((db) => applySync(db, { conversations: [], messages: messages as Message[], hidden: [], held: [], fromFeed: false }));
      return {};
    },

    async 'messages.page'({ conversationId, beforeSeq, limit }) {
      return reading((db) => db.transaction('r', db.conversations, db.messages, db.held, async () => {
        const [conversation, held] = await Promise.all([db.conversations.get(conversationId), db.held.get(conversationId)]);
        const visibleFromSeq = conversation?.visibleFromSeq ?? 0;
        // Nothing known to be held: whatever is cached (the core asks the server when it can).
        const lowest = Math.max(held?.from ?? 1, visibleFromSeq + 1);
        if (beforeSeq !== undefined && beforeSeq <= lowest) return { messages: [], hasMore: false, heldFrom: held?.from ?? null, visibleFromSeq };
        // One more than asked tells whether older messages exist, without a count().
        const newestFirst = await db.messages
          .where('[conversationId+seq]')
          .between([conversationId, lowest], [conversationId, beforeSeq ?? Dexie.maxKey], true, false)
          .reverse()
          .limit(limit + 1)
          .toArray();
        const hasMore = newestFirst.length > limit;
        return {
          messages: newestFirst.slice(0, limit).reverse().map(fromCachedMessage),
          hasMore,
          heldFrom: held?.from ?? null,
          visibleFromSeq,
        };
      }));
    },

    async 'messages.get'({ messageId }) {
      return reading(async (db) => ({ message: fromLast(await db.messages.where('id').equals(messageId).first()) }));
    },

    async 'messages.search'(params) {
      const { db, indexer } = await opened();
      return indexer.reading(async () => {
        await indexer.drain(SEARCH_DRAIN_ROWS);
        return searchMessages(db, params);
      });
    },

    async 'sync.apply'(params) {
      return written((db) => applySync(db, params as CacheParsedParams<'sync.apply'>));
    },

    async 'sync.state'() {
      const db = await database();
      return { feedCursor: (await db.syncState.get('feed'))?.cursor ?? null };
    },

    async 'sync.resetMessages'() {
      await resetMessages(await database());
      return {};
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

    // `put`, not `add`: adding the same item twice (a re-sent call) must not fail.
    async 'outbox.add'({ item }) {
      const db = await database();
      await db.outbox.put(item as OutboxItem);
      return {};
    },

    async 'outbox.list'() {
      const db = await database();
      return { items: await db.outbox.orderBy('order').toArray() };
    },

    async 'outbox.put'({ item }) {
      const db = await database();
      await db.outbox.put(item as OutboxItem);
      return {};
    },

    async 'outbox.remove'({ clientId }) {
      const db = await database();
      await db.outbox.delete(clientId);
      return {};
    },

    ...transferRowMethods(database),
  };
  return withTypedErrors(api);
}

/** A conversation row as the list shows it: its newest visible message and unread mentions. */
async function describe(db: MagpieCacheDatabase, conversation: Conversation) {
  // The newest message is the last key of the conversation's index range: no scan.
  const last = await db.messages
    .where('[conversationId+seq]')
    .between([conversation.id, (conversation.visibleFromSeq ?? 0) + 1], [conversation.id, Dexie.maxKey], true, true)
    .last();
  return {
    conversation,
    lastMessage: fromLast(last),
    unreadMentions: await countUnreadMentions(db, conversation.id, conversation.readSeq ?? 0),
  };
}

function close(open: OpenCache | null): void {
  open?.indexer.close();
  open?.db.close();
}

function fromLast(row: CachedMessage | undefined): Message | null {
  return row ? fromCachedMessage(row) : null;
}

/**
 * Params are validated here too (the host did, but tests and the bench call the store directly),
 * so every method sees defaults filled in; Dexie's errors become `cache.failed` (name and message
 * only; they are local, not secret).
 */
function withTypedErrors(api: CacheApi): CacheApi {
  const wrapped = {} as Record<CacheMethod, unknown>;
  for (const method of Object.keys(api) as CacheMethod[]) {
    const call = api[method] as (params: unknown) => Promise<unknown>;
    wrapped[method] = async (params: unknown) => {
      const parsed = CACHE_METHODS[method].params.safeParse(params);
      if (!parsed.success) throw new MagpieError('validation.invalid', `Invalid params for ${method}`);
      try {
        return await call(parsed.data);
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
