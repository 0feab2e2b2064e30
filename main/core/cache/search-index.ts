import type { SearchCursor } from '../../../shared/cache';
import type { Message } from '../../../shared/protocol';
import { indexTokens } from './search-text';

/**
 * The write side of local search: every cached message row carries `searchTokens`, a multiEntry
 * index whose entries are `token + SEP + time`, where time is the message's `createdAt` encoded so
 * that ascending key order is NEWEST first. One index range per token is therefore already in
 * result order: a search reads the newest candidates of its rarest token and stops as soon as it
 * has a page, instead of loading every message holding a common token and sorting them.
 *
 * Why a multiEntry index on the messages rows rather than a separate postings table: an index
 * entry costs IndexedDB one key write, a postings row costs a record, its "exists" entry and a
 * serialized value; and the index hands back the message itself, so there is no second lookup.
 * Because the entries live in the row, replacing a message (an edit) replaces its entries in the
 * same put, and a row without text (a recall) has none: see `searchableText`.
 */

/** How deep the planner looks into each token's entries to compare their recent density. */
export const PROBE_DEPTH = 64;
/** Candidates read per call at most; a page cut short returns `nextBefore` so the UI can go on. */
export const SCAN_BUDGET = 20_000;

/**
 * A message row. `searchTokens` is absent while `unindexed` is set: rows are written without
 * their index entries and indexed by a follow-up pass (search-indexer.ts), so catch-up does not
 * pay for the index. `mentionKey` ([conversationId, seq]) is present only on messages that
 * mention the account, so counting unread mentions is one small index range.
 */
export type CachedMessage = Message & { searchTokens?: string[]; unindexed?: 1; mentionKey?: [string, number] };

/** Separates a token from its time; below every character a token can hold. */
const SEP = '\u0001';
/** Time digits: 15 bits each in U+1000..U+8FFF (no surrogates), 3 digits = 45 bits of ms (to year 3084). */
const DIGIT_BASE = 0x1000;
const DIGIT_BITS = 15;
const TIME_DIGITS = 3;
const MAX_TIME = 2 ** (DIGIT_BITS * TIME_DIGITS) - 1;

/** `createdAt` inverted (newer = smaller) as a fixed-width string that sorts like the number. */
export function encodeTime(createdAt: number): string {
  let rest = MAX_TIME - Math.min(Math.max(0, Math.floor(createdAt)), MAX_TIME);
  let out = '';
  for (let i = 0; i < TIME_DIGITS; i++) {
    out = String.fromCharCode(DIGIT_BASE + (rest % 2 ** DIGIT_BITS)) + out;
    rest = Math.floor(rest / 2 ** DIGIT_BITS);
  }
  return out;
}

/** The `createdAt` an index entry was made with (inverse of `entryKey`'s time part). */
export function entryTime(entry: string): number {
  let rest = 0;
  for (let i = entry.length - TIME_DIGITS; i < entry.length; i++) rest = rest * 2 ** DIGIT_BITS + (entry.charCodeAt(i) - DIGIT_BASE);
  return MAX_TIME - rest;
}

export function entryKey(token: string, createdAt: number): string {
  return token + SEP + encodeTime(createdAt);
}

/** The whole range of one token's entries, newest first. */
export function tokenRange(token: string): [lower: string, upper: string] {
  return [token + SEP, token + SEP + '\uffff'];
}

/**
 * The text a message is searchable by. This is the one place that decides what is in the index:
 * a recalled message has none, so its tombstone's put drops every entry it had (an edit
 * re-indexes: see message-rows.ts).
 */
export function searchableText(message: Message): string {
  return message.recalled ? '' : message.text;
}

export function searchEntries(message: Message): string[] {
  return indexTokens(searchableText(message)).map((token) => entryKey(token, message.createdAt));
}

/** The message with its index entries computed now (the upgrade path and tests). */
export function toCachedMessage(message: Message): CachedMessage {
  return { ...message, searchTokens: searchEntries(message) };
}

/** Rows leave the cache without their bookkeeping (index entries are large and nobody outside needs them). */
export function fromCachedMessage(row: CachedMessage | Message): Message {
  if (!('searchTokens' in row) && !('unindexed' in row) && !('mentionKey' in row)) return row;
  const { searchTokens: _entries, unindexed: _unindexed, mentionKey: _mention, ...message } = row as CachedMessage;
  return message;
}

export function positionOf(row: CachedMessage): SearchCursor {
  return { createdAt: row.createdAt, conversationId: row.conversationId, seq: row.seq };
}

/** Result order: newest first, then as IndexedDB orders equal index keys (by [conversationId+seq]). */
export function comparePosition(row: CachedMessage, cursor: SearchCursor): number {
  if (row.createdAt !== cursor.createdAt) return cursor.createdAt - row.createdAt;
  if (row.conversationId !== cursor.conversationId) return row.conversationId < cursor.conversationId ? -1 : 1;
  return row.seq - cursor.seq;
}
