import type { CacheApi, HeldFrom } from '../../../shared/cache';
import { isMagpieError } from '../../../shared/errors';
import type { Message } from '../../../shared/protocol';
import type { CoreEvents } from '../events';
import { historyHeld } from './held-ranges';
import type { ServerRequest } from './sync-engine';

/**
 * Unread messages a bootstrap fetches at most per conversation beyond the recent ones it brought.
 * Up to this many unread, the unread mention count is exact; above it, a lower bound (see the
 * README: the server's conversation record carries no mention count, so only held messages count).
 */
export const UNREAD_FILL_LIMIT = 200;
const PAGE = 100;

export interface UnreadFillDeps {
  cache: CacheApi;
  request: ServerRequest;
  events: CoreEvents;
  /** Stores a history page (lowering `heldFrom`), through the engine's write queue. */
  storeHistory: (messages: Message[], held: HeldFrom | null) => Promise<void>;
  /** False once the account changed: nothing may be written into another account's cache. */
  current: () => boolean;
  log: (message: string, detail?: unknown) => void;
}

/**
 * After a bootstrap: a conversation's unread messages below its newest `recent` are not in the
 * cache, so mentions among them would not be counted. Fetches them (newest first, joining what is
 * held) for each conversation whose unread stretch is within UNREAD_FILL_LIMIT, one at a time.
 * Offline or a server error stops it; the counts stay a lower bound until the messages roam in.
 */
export async function fillUnread(deps: UnreadFillDeps, conversationIds: string[]): Promise<void> {
  for (const conversationId of conversationIds) {
    if (!deps.current()) return;
    try {
      if (await fillOne(deps, conversationId)) deps.events.emit('conversations.changed', {});
    } catch (error) {
      if (!isMagpieError(error, 'client.offline')) deps.log('could not fetch unread messages', error);
      return;
    }
  }
}

async function fillOne(deps: UnreadFillDeps, conversationId: string): Promise<boolean> {
  const { conversation } = await deps.cache['conversations.get']({ conversationId });
  if (!conversation || conversation.conversation.unreadCount === 0) return false;
  const { readSeq, visibleFromSeq } = conversation.conversation;
  const needFrom = Math.max(readSeq, visibleFromSeq) + 1;
  let { heldFrom } = await deps.cache['messages.page']({ conversationId, limit: 1 });
  if (heldFrom === null || heldFrom <= needFrom || heldFrom - needFrom > UNREAD_FILL_LIMIT) return false;
  while (heldFrom > needFrom) {
    const page = await deps.request('messages.history', { conversationId, beforeSeq: heldFrom, limit: Math.min(PAGE, heldFrom - needFrom) });
    const held = historyHeld({ id: conversationId, visibleFromSeq }, page.messages, page.hasMore, heldFrom);
    if (!deps.current()) return false;
    await deps.storeHistory(page.messages, held);
    if (!held || held.from >= heldFrom) return true; // the server had nothing older to give
    heldFrom = held.from;
  }
  return true;
}
