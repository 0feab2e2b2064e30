import Dexie from 'dexie';
import type { CacheParsedParams, CacheResult } from '../../../shared/cache';
import type { Message } from '../../../shared/protocol';
import type { MagpieCacheDatabase } from './database';
import { isNewer, toRow } from './message-rows';
import { noteMessages, putConversations } from './read-state';
import type { CachedMessage } from './search-index';

type ApplyParams = CacheParsedParams<'sync.apply'>;
type ApplyResult = CacheResult<'sync.apply'>;

/** Larger puts are split so one call never holds an unbounded batch in memory twice. */
const PUT_CHUNK = 1_000;

/**
 * `sync.apply`: one transaction, so a page of the feed is either wholly in the cache with the
 * cursor moved past it, or not at all (a crash mid-page replays the page on the next connect).
 */
export async function applySync(db: MagpieCacheDatabase, params: ApplyParams): Promise<ApplyResult> {
  const { conversations, messages, hidden, held } = params;
  return db.transaction('rw', [db.conversations, db.messages, db.held, db.hiddenIds, db.syncState], async () => {
    if (params.fromFeed && conversations.length > 0) await holdNewConversations(db, conversations);
    if (conversations.length > 0) await putConversations(db, conversations);
    if (hidden.length > 0) await hide(db, hidden);
    const result = messages.length > 0 ? await putMessages(db, messages) : { gaps: [], unknown: [] };
    if (held.length > 0) await lowerHeld(db, held);
    if (params.feedCursor !== undefined) {
      const current = await db.syncState.get('feed');
      // Forward only: a re-sent (older) call can never undo progress.
      if (!current || params.feedCursor > current.cursor) await db.syncState.put({ key: 'feed', cursor: params.feedCursor });
    }
    return result;
  });
}

/** See `fromFeed` in the contract: new conversations whose every visible message the feed brings. */
async function holdNewConversations(db: MagpieCacheDatabase, conversations: ApplyParams['conversations']): Promise<void> {
  const ids = conversations.map((conversation) => conversation.id);
  const [rows, held] = await Promise.all([db.conversations.bulkGet(ids), db.held.bulkGet(ids)]);
  const complete = conversations.filter(
    (conversation, index) => !rows[index] && !held[index] && (conversation.kind === 'direct' || conversation.visibleFromSeq > 0),
  );
  if (complete.length > 0) await db.held.bulkPut(complete.map((conversation) => ({ conversationId: conversation.id, from: conversation.visibleFromSeq + 1 })));
}

async function hide(db: MagpieCacheDatabase, refs: ApplyParams['hidden']): Promise<void> {
  await db.hiddenIds.bulkPut(refs.map((ref) => ({ id: ref.messageId, conversationId: ref.conversationId })));
  await db.messages.where('id').anyOf(refs.map((ref) => ref.messageId)).delete();
}

async function putMessages(db: MagpieCacheDatabase, incoming: Message[]): Promise<ApplyResult> {
  // Hidden ids are few (delete-for-me is rare): skip the lookup when there are none.
  const hiddenRows = (await db.hiddenIds.count()) > 0 ? await db.hiddenIds.bulkGet(incoming.map((message) => message.id)) : [];
  const messages = incoming.filter((_, index) => !hiddenRows[index]);
  const gaps = new Set<string>();
  const unknown = new Set<string>();
  const ids = [...new Set(messages.map((message) => message.conversationId))];
  const rows = await db.conversations.bulkGet(ids);
  const newest = new Map(ids.map((id, index) => [id, rows[index]?.lastSeq ?? 0] as const));
  ids.forEach((id, index) => {
    if (!rows[index]) unknown.add(id);
  });
  for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
    const last = newest.get(message.conversationId) ?? 0;
    if (message.seq > last + 1) gaps.add(message.conversationId);
    newest.set(message.conversationId, Math.max(last, message.seq));
  }

  // Rows above a conversation's newest cached seq cannot exist yet: only the others are read
  // (for the rev check), so a catch-up of new messages is writes only.
  const cachedUpTo = new Map(ids.map((id, index) => [id, rows[index] ? rows[index]!.lastSeq : Infinity] as const));
  for (let start = 0; start < messages.length; start += PUT_CHUNK) {
    const chunk = messages.slice(start, start + PUT_CHUNK);
    const maybeCached = chunk.filter((message) => message.seq <= cachedUpTo.get(message.conversationId)!);
    const found = maybeCached.length > 0 ? await db.messages.bulkGet(maybeCached.map((message) => [message.conversationId, message.seq] as [string, number])) : [];
    const existing = new Map(maybeCached.map((message, index) => [message, found[index]] as const));
    const fresh: CachedMessage[] = [];
    for (const message of chunk) {
      const old = existing.get(message);
      if (isNewer(old, message)) fresh.push(toRow(message, db.accountId, old));
    }
    if (fresh.length > 0) await db.messages.bulkPut(fresh);
  }
  // lastSeq, own and peer markers, unread count; the rows read above are still current.
  await noteMessages(db, messages, new Map(ids.map((id, index) => [id, rows[index]] as const)));
  return { gaps: [...gaps], unknown: [...unknown] };
}

async function lowerHeld(db: MagpieCacheDatabase, held: ApplyParams['held']): Promise<void> {
  const existing = await db.held.bulkGet(held.map((entry) => entry.conversationId));
  const lowered = held.filter((entry, index) => entry.from < (existing[index]?.from ?? Infinity));
  if (lowered.length > 0) await db.held.bulkPut(lowered);
}

/** `sync.resetMessages`: everything the feed will bring back; not conversations, outbox, markers. */
export async function resetMessages(db: MagpieCacheDatabase): Promise<void> {
  await db.transaction('rw', [db.messages, db.held, db.hiddenIds, db.syncState], async () => {
    await Promise.all([db.messages.clear(), db.held.clear(), db.hiddenIds.clear(), db.syncState.clear()]);
  });
}

/** Cached messages after `readSeq` that mention the account: one range of the mention index. */
export function countUnreadMentions(db: MagpieCacheDatabase, conversationId: string, readSeq: number): Promise<number> {
  return db.messages
    .where('mentionKey')
    .between([conversationId, readSeq + 1], [conversationId, Dexie.maxKey], true, true)
    .count();
}
