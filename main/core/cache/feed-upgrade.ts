import type { Transaction } from 'dexie';
import { ConversationSchema, MessageSchema, type Conversation, type SyncCursor } from '../../../shared/protocol';
import type { HeldFrom } from '../../../shared/cache';
import type { CachedMessage } from './search-index';

/**
 * Schema v4 upgrade of a v3 cache. What still means something is kept: messages and
 * conversations (given the v2 fields' defaults: nothing edited, recalled or mentioned yet), the
 * outbox and pending read markers. A v3 cursor `n` said "seqs 1..n are held", which is a held
 * range from 1. There is no feed cursor yet, so the next connect bootstraps: that only adds to
 * what is here (rows move to newer revisions, held ranges only grow).
 */
export async function upgradeToFeed(tx: Transaction): Promise<void> {
  const cursors = await tx.table<SyncCursor, string>('cursors').toArray();
  const held: HeldFrom[] = cursors.filter((cursor) => cursor.seq > 0).map((cursor) => ({ conversationId: cursor.conversationId, from: 1 }));
  await tx.table<HeldFrom, string>('held').bulkPut(held);

  const conversations = tx.table<Conversation, string>('conversations');
  const upgraded = (await conversations.toArray()).map((row) => ({ ...ConversationSchema.parse(row), ...keepMarkers(row) }));
  await conversations.bulkPut(upgraded);

  // Fields only: parsing each row's full schema would cost seconds on a large cache.
  await tx
    .table<CachedMessage>('messages')
    .toCollection()
    .modify((row) => {
      const defaults = MESSAGE_DEFAULTS();
      for (const key of Object.keys(defaults) as Array<keyof typeof defaults>) {
        if (row[key] === undefined) (row as Record<string, unknown>)[key] = defaults[key];
      }
    });
}

function keepMarkers(row: Conversation) {
  return { readSeq: row.readSeq ?? 0, unreadCount: row.unreadCount ?? 0, peerReadSeq: row.peerReadSeq ?? 0 };
}

/** The v2 fields a v1 message lacks, as MessageSchema's defaults fill them. */
function MESSAGE_DEFAULTS() {
  const { id: _id, conversationId: _c, seq: _s, clientId: _ci, senderId: _se, text: _t, createdAt: _ca, ...defaults } = MessageSchema.parse({
    id: 'x',
    conversationId: 'x',
    seq: 1,
    clientId: 'x',
    senderId: 'x',
    text: '',
    createdAt: 0,
  });
  return defaults;
}
