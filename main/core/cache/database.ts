import Dexie, { type Table } from 'dexie';
import type { OutboxItem } from '../../../shared/cache';
import type { Conversation, Message, SyncCursor } from '../../../shared/protocol';

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
  messages!: Table<Message, [string, number]>;
  cursors!: Table<SyncCursor, string>;
  outbox!: Table<OutboxItem, string>;

  constructor(readonly accountId: string, deps: IndexedDbDeps = {}) {
    super(cacheDatabaseName(accountId), dexieDeps(deps));
    this.version(1).stores({
      conversations: 'id',
      messages: '[conversationId+seq], id, clientId',
      cursors: 'conversationId',
      outbox: 'clientId, order',
    });
  }
}

function dexieDeps(deps: IndexedDbDeps): { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } {
  const result: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (deps.indexedDB) result.indexedDB = deps.indexedDB;
  if (deps.IDBKeyRange) result.IDBKeyRange = deps.IDBKeyRange;
  return result;
}
