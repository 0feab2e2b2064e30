import type { TFunction } from 'i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { matchesQuery, normalizeForMatch } from '../conversations/match';
import { conversationTitle, peerOf } from '../conversations/peer';

export interface SwitcherEntry {
  conversation: ConversationSummary;
  title: string;
}

/** More than a person scans; typing narrows it. */
export const MAX_ENTRIES = 50;

/**
 * The conversations the quick switcher offers for a query, by title or the peer's username, most
 * recent first; titles that start with the query come before those that merely contain it.
 */
export function switcherEntries(
  conversations: readonly ConversationSummary[],
  meId: string,
  query: string,
  t: TFunction,
): SwitcherEntry[] {
  const q = normalizeForMatch(query);
  const entries = conversations
    .map((conversation) => ({ conversation, title: conversationTitle(conversation, meId, t) }))
    .filter(({ conversation, title }) => matchesQuery(q, [title, peerOf(conversation, meId)?.username]));
  const rank = (e: SwitcherEntry) => (q && normalizeForMatch(e.title).startsWith(q) ? 0 : 1);
  entries.sort((a, b) => rank(a) - rank(b)); // stable: recency is kept within each rank
  return entries.slice(0, MAX_ENTRIES);
}
