import Dexie, { type Table } from 'dexie';
import type { HeldFrom, OutboxItem, TransferRecord } from '../../../shared/cache';
import type { Conversation, SyncCursor } from '../../../shared/protocol';
import { upgradeToFeed } from './feed-upgrade';
import { upgradeToReadState } from './read-state';
import { searchEntries, type CachedMessage } from './search-index';

/** Lets Node tests hand in fake-indexeddb without touching globals. */
export interface IndexedDbDeps {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export const cacheDatabaseName = (accountId: string) => `magpie-cache-${accountId}`;

/**
 * One IndexedDB database per account, so signing in as someone else never mixes caches and a
 * "remove local data" sign-out is one delete. Later migrations add `this.version(n)` blocks below;
 * never edit a version that has shipped.
 */
export class MagpieCacheDatabase extends Dexie {
  conversations!: Table<Conversation, string>;
  /** Keyed by [conversationId+seq]: a timeline page is one index range, newest last. */
  messages!: Table<CachedMessage, [string, number]>;
  /** Until v3: per-conversation cursors (v4 turns them into `held` rows and drops the table). */
  cursors!: Table<SyncCursor, string>;
  outbox!: Table<OutboxItem, string>;
  /** Read markers the server has not accepted yet (`seq` = the marker). */
  readMarkers!: Table<SyncCursor, string>;
  /** v4: per conversation, the lowest seq from which every message is held (see HeldFromSchema). */
  held!: Table<HeldFrom, string>;
  /** v4: messages the account hid (delete for me), so no stale copy brings one back. */
  hiddenIds!: Table<{ id: string; conversationId: string }, string>;
  /** v4: the account's place in the change feed (`key` 'feed'). */
  syncState!: Table<{ key: 'feed'; cursor: number }, string>;
  /** Uploads and downloads with what resuming them needs (v5, see main/core/transfers). */
  transfers!: Table<TransferRecord, string>;

  constructor(readonly accountId: string, deps: IndexedDbDeps = {}) {
    super(cacheDatabaseName(accountId), dexieDeps(deps));
    this.version(1).stores({
      conversations: 'id',
      messages: '[conversationId+seq], id, clientId',
      cursors: 'conversationId',
      outbox: 'clientId, order',
    });
    // v2: local search. `*searchTokens` is a multiEntry index (see search-index.ts); the upgrade
    // indexes what v1 already cached, inside the version change, so search is never half-built.
    this.version(2)
      .stores({ messages: '[conversationId+seq], id, clientId, *searchTokens' })
      .upgrade(async (tx) => {
        await tx
          .table<CachedMessage>('messages')
          .toCollection()
          .modify((row) => {
            row.searchTokens = searchEntries(row);
          });
      });
    // v3: read state. Conversation rows gain readSeq / peerReadSeq / unreadCount (see
    // read-state.ts) and `readMarkers` keeps markers not yet sent (one per conversation).
    this.version(3)
      .stores({ readMarkers: 'conversationId' })
      .upgrade((tx) => upgradeToReadState(tx, accountId));
    // v4: protocol v2. One feed cursor per account replaces the per-conversation cursors, which
    // become held ranges (they meant "1..cursor is held"); message rows gain `mentionKey` (unread
    // mentions) and `unindexed` (rows waiting for the follow-up search indexer).
    this.version(4)
      .stores({
        messages: '[conversationId+seq], id, clientId, *searchTokens, mentionKey, unindexed',
        held: 'conversationId',
        hiddenIds: 'id',
        syncState: 'key',
        cursors: null,
      })
      .upgrade((tx) => upgradeToFeed(tx));
    // v5: file transfers, listed oldest first; nothing to migrate.
    this.version(5).stores({ transfers: 'id, createdAt' });
  }
}

function dexieDeps(deps: IndexedDbDeps): { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } {
  const result: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (deps.indexedDB) result.indexedDB = deps.indexedDB;
  if (deps.IDBKeyRange) result.IDBKeyRange = deps.IDBKeyRange;
  return result;
}
