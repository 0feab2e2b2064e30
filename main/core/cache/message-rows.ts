import type { Message } from '../../../shared/protocol';
import { searchableText, type CachedMessage } from './search-index';

/**
 * How a message from the server becomes a cache row. Rows only move to a newer `rev`: the feed,
 * live events, history pages and replies to our own operations can arrive in any order, and a
 * stale copy (a history page read before an edit) must never undo a newer state.
 */

/** Whether `incoming` may replace `existing` (same `rev` too: a re-sent call must not fail). */
export function isNewer(existing: CachedMessage | undefined, incoming: Message): boolean {
  return !existing || (incoming.rev ?? 0) >= (existing.rev ?? 0);
}

export function mentionsAccount(message: Message, accountId: string): boolean {
  if (message.recalled || message.senderId === accountId || message.kind === 'system') return false;
  return message.mentionsAll || message.mentions.includes(accountId);
}

/**
 * The row for `message`. Its index entries are carried over when the searchable text did not
 * change (a reaction, a re-sent page); otherwise the row waits for the indexer.
 */
export function toRow(message: Message, accountId: string, existing: CachedMessage | undefined): CachedMessage {
  const row: CachedMessage = { ...message };
  if (mentionsAccount(message, accountId)) row.mentionKey = [message.conversationId, message.seq];
  const sameText =
    existing?.searchTokens !== undefined &&
    existing.createdAt === message.createdAt &&
    searchableText(existing) === searchableText(message);
  if (sameText) row.searchTokens = existing.searchTokens;
  else if (searchableText(message) === '') row.searchTokens = [];
  else row.unindexed = 1;
  return row;
}
