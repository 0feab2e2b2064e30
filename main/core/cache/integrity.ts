import Dexie from 'dexie';
import type { z } from 'zod';
import { OutboxItemSchema, TransferRecordSchema, type OutboxItem, type TransferRecord } from '../../../shared/cache';
import { ConversationSchema, MessageSchema, SyncCursorSchema, type SyncCursor } from '../../../shared/protocol';
import { cacheDatabaseName, MagpieCacheDatabase, type IndexedDbDeps } from './database';
import { fromCachedMessage } from './search-index';

/**
 * Errors (by DOMException / Dexie name) that mean the database itself is unusable: a corrupt
 * file, a schema newer than this build knows, an upgrade that threw, a store that is missing.
 * Not among them: quota, a missing IndexedDB, a database closed by an account switch — deleting
 * the cache would not help those, and nothing should be deleted for them.
 */
const DAMAGE = new Set([
  'UnknownError',
  'DataError',
  'VersionError',
  'UpgradeError',
  'NotFoundError',
  'InvalidTableError',
  'SchemaError',
  'DataCloneError',
  'ConstraintError',
]);

/** Rows read from the newest and from the oldest end of the messages table by the open check. */
const SAMPLED_MESSAGES = 50;

/** What the user wrote and the server does not have yet: saved across a rebuild. */
export interface Salvage {
  outbox: OutboxItem[];
  readMarkers: SyncCursor[];
  transfers: TransferRecord[];
}

/** Open failures that are not the database's fault. */
const TRANSIENT_OPEN = new Set(['QuotaExceededError', 'MissingAPIError', 'DatabaseClosedError', 'AbortError']);

function isTransientOpenFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const name = (current as { name?: unknown }).name;
    if (typeof name === 'string' && TRANSIENT_OPEN.has(name)) return true;
    current = (current as { inner?: unknown }).inner;
  }
  return false;
}

export function isCacheDamage(error: unknown): boolean {
  // Dexie wraps open failures in OpenFailedError with the IndexedDB error as `inner`.
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const name = (current as { name?: unknown }).name;
    if (typeof name === 'string' && DAMAGE.has(name)) return true;
    current = (current as { inner?: unknown }).inner;
  }
  return false;
}

/**
 * Opens `db`, and when it is damaged or inconsistent repairs it. Returns why it was rebuilt, or
 * null when it was fine. Damage that stops the database opening (or being read) deletes it and
 * creates it again with the salvaged outbox, read markers and transfers; an inconsistency (see
 * `findInconsistency`) only forgets the messages, like `sync.cursor_expired`. Either way the feed
 * cursor is gone, so the next catch-up bootstraps from the server.
 */
export async function openWithRecovery(accountId: string, deps: IndexedDbDeps): Promise<{ db: MagpieCacheDatabase; rebuilt: string | null }> {
  const db = new MagpieCacheDatabase(accountId, deps);
  let problem: string | null;
  try {
    await db.open();
  } catch (error) {
    // Whatever stops the open, bar what deleting cannot fix (a full disk, no IndexedDB, an
    // account switch), means this database cannot be used: an upgrade that threw fails with the
    // upgrade's own error, not with an IndexedDB name.
    if (isTransientOpenFailure(error)) throw error;
    return { db: await rebuild(db, deps), rebuilt: `unreadable database (${describe(error)})`.slice(0, 500) };
  }
  try {
    const mismatch = schemaMismatch(db);
    // Dexie 4 opens a database a newer build left at a higher version as it is (adding tables
    // it lacks), so a table of another shape shows only here, not as an open error.
    if (mismatch) throw Object.assign(new Error(mismatch), { name: 'SchemaError' });
    problem = await findInconsistency(db);
  } catch (error) {
    if (!isCacheDamage(error)) throw error;
    return { db: await rebuild(db, deps), rebuilt: `unreadable database (${describe(error)})`.slice(0, 500) };
  }
  if (problem !== null) await resetDamaged(db);
  return { db, rebuilt: problem };
}

/** Every table this build declares exists with its primary key and indexes; else what differs. */
export function schemaMismatch(db: MagpieCacheDatabase): string | null {
  const backend = db.backendDB();
  const names = db.tables.map((table) => table.name);
  const missing = names.find((name) => !backend.objectStoreNames.contains(name));
  if (missing) return `the ${missing} table is missing`;
  const tx = backend.transaction(names, 'readonly');
  for (const table of db.tables) {
    const store = tx.objectStore(table.name);
    if (JSON.stringify(store.keyPath) !== JSON.stringify(table.schema.primKey.keyPath ?? null)) return `the ${table.name} table has another key`;
    const index = table.schema.indexes.find((declared) => !store.indexNames.contains(declared.name));
    if (index) return `the ${table.name} table lacks the ${index.name} index`;
  }
  return null;
}

/**
 * A cheap look for damage, never a scan of the messages: conversation and held rows (one per
 * conversation, read at every start anyway), the ends of the messages table, the outbox.
 * Returns what is wrong, or null. Throws when a table cannot be read at all (damage).
 */
export async function findInconsistency(db: MagpieCacheDatabase): Promise<string | null> {
  return db.transaction('r', [db.conversations, db.messages, db.held, db.syncState, db.outbox, db.readMarkers], async () => {
    const [conversations, held, feed, newest, oldest, outbox, markers] = await Promise.all([
      db.conversations.toArray(),
      db.held.toArray(),
      db.syncState.get('feed'),
      db.messages.reverse().limit(SAMPLED_MESSAGES).toArray(),
      db.messages.limit(SAMPLED_MESSAGES).toArray(),
      db.outbox.toArray(),
      db.readMarkers.toArray(),
    ]);
    if (conversations.some((row) => !ConversationSchema.safeParse(row).success)) return 'a conversation row fails validation';
    if (outbox.some((row) => !OutboxItemSchema.safeParse(row).success)) return 'an outbox row fails validation';
    if (markers.some((row) => !SyncCursorSchema.safeParse(row).success)) return 'a read marker row fails validation';
    // An account with no conversation at all has a cursor and nothing else: that is no damage.
    if (feed && conversations.length === 0 && (held.length > 0 || newest.length > 0)) return 'a feed cursor but no conversations';
    const lastSeq = new Map(conversations.map((conversation) => [conversation.id, conversation.lastSeq]));
    for (const range of held) {
      const last = lastSeq.get(range.conversationId);
      if (last === undefined) return 'a held range of an unknown conversation';
      // `from` is at most one past the newest message (an empty conversation is held from 1).
      if (!(range.from >= 1) || range.from > last + 1) return 'a held range past its conversation';
    }
    // Held ranges say messages are here, yet the table is empty: it was lost (or emptied).
    const promised = held.some((range) => range.from <= (lastSeq.get(range.conversationId) ?? 0));
    if (promised && newest.length === 0) return 'held messages are missing';
    for (const row of [...newest, ...oldest]) {
      // Not checked: a message of a conversation with no row. A live message of a conversation
      // the cache has not seen yet is written before the catch-up brings its record.
      if (!MessageSchema.safeParse(fromCachedMessage(row)).success) return 'a message row fails validation';
    }
    return null;
  });
}

/**
 * The `sync.cursor_expired` reset (messages, held ranges, hidden ids, the feed cursor) plus the
 * rows that fail validation anywhere else they could stop the core (conversations, outbox, read
 * markers): the server sends the conversations again, the others were unreadable anyway.
 * Returns how many rows were dropped besides the messages.
 */
export async function resetDamaged(db: MagpieCacheDatabase): Promise<number> {
  return db.transaction('rw', [db.messages, db.held, db.hiddenIds, db.syncState, db.conversations, db.outbox, db.readMarkers], async () => {
    await Promise.all([db.messages.clear(), db.held.clear(), db.hiddenIds.clear(), db.syncState.clear()]);
    const dropped = await Promise.all([
      dropInvalid(db.conversations, ConversationSchema),
      dropInvalid(db.outbox, OutboxItemSchema),
      dropInvalid(db.readMarkers, SyncCursorSchema),
    ]);
    return dropped.reduce((sum, count) => sum + count, 0);
  });
}

async function dropInvalid<T, K>(table: Dexie.Table<T, K>, schema: z.ZodTypeAny): Promise<number> {
  const keys: K[] = [];
  await table.toCollection().each((row, cursor) => {
    if (!schema.safeParse(row).success) keys.push(cursor.primaryKey as K);
  });
  await table.bulkDelete(keys);
  return keys.length;
}

/**
 * Reads what can be saved, deletes the database, creates it again and writes the salvage back.
 * A new Dexie instance: one whose upgrade failed keeps a half-applied schema in memory and would
 * create the new database without the tables that upgrade did not reach.
 */
async function rebuild(broken: MagpieCacheDatabase, deps: IndexedDbDeps): Promise<MagpieCacheDatabase> {
  broken.close();
  const salvage = await salvageRaw(broken.accountId, deps);
  await broken.delete();
  const db = new MagpieCacheDatabase(broken.accountId, deps);
  await db.open();
  await db.transaction('rw', [db.outbox, db.readMarkers, db.transfers], async () => {
    await Promise.all([db.outbox.bulkPut(salvage.outbox), db.readMarkers.bulkPut(salvage.readMarkers), db.transfers.bulkPut(salvage.transfers)]);
  });
  return db;
}

/**
 * The outbox, pending read markers and transfers of a database Dexie cannot open, read with plain
 * IndexedDB at whatever version it has (no upgrade runs). Rows that fail validation are left
 * behind: they could not be sent anyway. Anything unreadable yields nothing rather than an error,
 * so a database too broken to read can still be deleted.
 */
export async function salvageRaw(accountId: string, deps: IndexedDbDeps): Promise<Salvage> {
  const empty: Salvage = { outbox: [], readMarkers: [], transfers: [] };
  const factory = deps.indexedDB ?? globalThis.indexedDB;
  if (!factory) return empty;
  let raw: IDBDatabase;
  try {
    raw = await request(factory.open(cacheDatabaseName(accountId)));
  } catch {
    return empty;
  }
  try {
    const [outbox, readMarkers, transfers] = await Promise.all([
      readStore(raw, 'outbox', OutboxItemSchema),
      readStore(raw, 'readMarkers', SyncCursorSchema),
      readStore(raw, 'transfers', TransferRecordSchema),
    ]);
    return { outbox, readMarkers, transfers };
  } finally {
    raw.close();
  }
}

async function readStore<S extends z.ZodTypeAny>(raw: IDBDatabase, name: string, schema: S): Promise<Array<z.output<S>>> {
  if (!raw.objectStoreNames.contains(name)) return [];
  try {
    const rows = await request(raw.transaction(name, 'readonly').objectStore(name).getAll());
    return (rows as unknown[]).flatMap((row) => {
      const parsed = schema.safeParse(row);
      // The original row, not the parsed copy: parsing fills defaults and drops fields we keep.
      return parsed.success ? [row as z.output<S>] : [];
    });
  } catch {
    return [];
  }
}

function request<T>(req: IDBRequest<T> | IDBOpenDBRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error);
  });
}

function describe(error: unknown): string {
  const inner = (error as { inner?: unknown }).inner ?? error;
  const name = (inner as { name?: unknown }).name;
  const message = (inner as { message?: unknown }).message;
  return `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : String(inner)}`;
}
