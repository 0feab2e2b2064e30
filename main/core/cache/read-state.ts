import Dexie, { type Transaction } from 'dexie';
import type { CacheParams } from '../../../shared/cache';
import type { Conversation, Message, SyncCursor } from '../../../shared/protocol';
import type { MagpieCacheDatabase } from './database';
import type { CachedMessage } from './search-index';

/**
 * Read state in the cache: each conversation row carries the account's read marker (`readSeq`),
 * the peer's (`peerReadSeq`) and `unreadCount`, and `readMarkers` holds markers the server has
 * not yet accepted. Markers only move forward, whoever writes them, so replayed RPC calls, stale
 * server answers and events arriving in any order all converge.
 *
 * Unread is `lastSeq - readSeq`, as on the server: sending moves the sender's marker to the sent
 * message, so no message of the account's own is ever above its marker. It is therefore exact
 * without counting rows (a Dexie count() costs ~11 ms); incoming messages raise `lastSeq`.
 */

/** Keeps both markers monotonic and the count consistent with them. */
function settle(row: Conversation): Conversation {
  const readSeq = Math.min(row.readSeq, row.lastSeq);
  return { ...row, readSeq, unreadCount: Math.max(0, row.lastSeq - readSeq) };
}

function merged(old: Conversation | undefined, incoming: Conversation): Conversation {
  if (!old) return settle(incoming);
  return settle({
    ...incoming,
    lastSeq: Math.max(old.lastSeq, incoming.lastSeq),
    readSeq: Math.max(old.readSeq ?? 0, incoming.readSeq),
    peerReadSeq: Math.max(old.peerReadSeq ?? 0, incoming.peerReadSeq),
  });
}

/** `conversations.put`: server records merged into what the cache knows (markers never go back). */
export async function putConversations(db: MagpieCacheDatabase, conversations: CacheParams<'conversations.put'>['conversations']): Promise<void> {
  if (conversations.length === 0) return;
  await db.transaction('rw', db.conversations, async () => {
    const existing = await db.conversations.bulkGet(conversations.map((c) => c.id));
    const incoming = (conversations as Conversation[]).map((c): Conversation => ({ ...c, readSeq: c.readSeq ?? 0, unreadCount: c.unreadCount ?? 0, peerReadSeq: c.peerReadSeq ?? 0 }));
    await db.conversations.bulkPut(incoming.map((c, i) => merged(existing[i], c)));
  });
}

/**
 * After `messages.put`: raise each conversation's `lastSeq`; the account's own messages move its
 * marker (as the server did when it accepted them) and the peer's move the peer's marker (a
 * direct conversation's other member has read what they sent). Call inside a transaction that
 * includes `conversations`. `known`: the rows of these conversations as already read in that
 * transaction (catch-up has them; reading 200 rows again cost a page ~10%).
 */
export async function noteMessages(db: MagpieCacheDatabase, messages: Message[], known?: ReadonlyMap<string, Conversation | undefined>): Promise<void> {
  const newest = new Map<string, { lastSeq: number; mine: number; theirs: number }>();
  for (const m of messages) {
    const entry = newest.get(m.conversationId) ?? { lastSeq: 0, mine: 0, theirs: 0 };
    entry.lastSeq = Math.max(entry.lastSeq, m.seq);
    if (m.senderId === db.accountId) entry.mine = Math.max(entry.mine, m.seq);
    else entry.theirs = Math.max(entry.theirs, m.seq);
    newest.set(m.conversationId, entry);
  }
  const ids = [...newest.keys()];
  const rows = known && ids.every((id) => known.has(id)) ? ids.map((id) => known.get(id)) : await db.conversations.bulkGet(ids);
  const updated: Conversation[] = [];
  rows.forEach((row, i) => {
    const seen = newest.get(ids[i]!)!;
    if (!row) return; // its record arrives with catch-up, carrying the server's markers
    const next = settle({
      ...row,
      lastSeq: Math.max(row.lastSeq, seen.lastSeq),
      readSeq: Math.max(row.readSeq ?? 0, seen.mine),
      peerReadSeq: Math.max(row.peerReadSeq ?? 0, seen.theirs),
    });
    if (next.lastSeq !== row.lastSeq || next.readSeq !== row.readSeq || next.peerReadSeq !== row.peerReadSeq) updated.push(next);
  });
  if (updated.length > 0) await db.conversations.bulkPut(updated);
}

/** `readState.apply`. */
export async function applyReadState(db: MagpieCacheDatabase, params: CacheParams<'readState.apply'>): Promise<{ changed: boolean }> {
  const { conversationId, readSeq, peerReadSeq, pending } = params;
  return db.transaction('rw', db.conversations, db.readMarkers, async () => {
    const row = await db.conversations.get(conversationId);
    if (!row) return { changed: false };
    const next = settle({
      ...row,
      readSeq: Math.max(row.readSeq, readSeq ?? 0),
      peerReadSeq: Math.max(row.peerReadSeq, peerReadSeq ?? 0),
    });
    const changed = next.readSeq !== row.readSeq || next.peerReadSeq !== row.peerReadSeq || next.unreadCount !== row.unreadCount;
    if (changed) await db.conversations.put(next);
    // Only a marker this call moved needs sending: a lower one is already known to the server
    // (own messages, events, its answers) or queued.
    if (pending && next.readSeq > row.readSeq) {
      const queued = await db.readMarkers.get(conversationId);
      if (!queued || queued.seq < next.readSeq) await db.readMarkers.put({ conversationId, seq: next.readSeq });
    }
    return { changed };
  });
}

/** `readState.sent`: drops the pending marker unless a higher one was recorded meanwhile. */
export async function markerSent(db: MagpieCacheDatabase, sent: SyncCursor): Promise<void> {
  await db.transaction('rw', db.readMarkers, async () => {
    const queued = await db.readMarkers.get(sent.conversationId);
    if (queued && queued.seq <= sent.seq) await db.readMarkers.delete(sent.conversationId);
  });
}

/**
 * Schema v3 upgrade of conversations cached before read state existed: the account's marker
 * starts at its own newest cached message (as the server's migration does), so nothing it sent
 * counts as unread; the server's markers then arrive on the next connect and only move it forward.
 */
export async function upgradeToReadState(tx: Transaction, accountId: string): Promise<void> {
  const messages = tx.table<CachedMessage, [string, number]>('messages');
  const conversations = tx.table<Conversation, string>('conversations');
  for (const row of await conversations.toArray()) {
    const range = messages.where('[conversationId+seq]').between([row.id, Dexie.minKey], [row.id, Dexie.maxKey], true, true);
    let lastSeq = row.lastSeq;
    let readSeq = 0;
    await range.each((m) => {
      lastSeq = Math.max(lastSeq, m.seq);
      if (m.senderId === accountId) readSeq = Math.max(readSeq, m.seq);
    });
    await conversations.put(settle({ ...row, lastSeq, readSeq, peerReadSeq: 0, unreadCount: 0 }));
  }
}
