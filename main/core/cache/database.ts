import Dexie, { type Table } from 'dexie';
import type { OutboxItem } from '../../../shared/cache';
import type { Conversation, SyncCursor } from '../../../shared/protocol';
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
  cursors!: Table<SyncCursor, string>;
  outbox!: Table<OutboxItem, string>;
  /** Read markers the server has not accepted yet (`seq` = the marker). */
  readMarkers!: Table<SyncCursor, string>;

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
  }
}

function dexieDeps(deps: IndexedDbDeps): { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } {
  const result: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (deps.indexedDB) result.indexedDB = deps.indexedDB;
  if (deps.IDBKeyRange) result.IDBKeyRange = deps.IDBKeyRange;
  return result;
}
