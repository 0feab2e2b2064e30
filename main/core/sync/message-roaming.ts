import type { CacheApi, CacheResult } from '../../../shared/cache';
import { isMagpieError } from '../../../shared/errors';
import type { Message } from '../../../shared/protocol';
import { historyHeld } from './held-ranges';
import type { ServerRequest, SyncEngine } from './sync-engine';

export interface MessageRoamingDeps {
  cache: CacheApi;
  request: ServerRequest;
  isOnline: () => boolean;
  sync: Pick<SyncEngine, 'storeHistory'>;
  log: (message: string, detail?: unknown) => void;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/**
 * Message roaming: a timeline page comes from the cache while the cache holds it contiguously
 * (from `heldFrom` up), and from the server's history below that; what the server sends is
 * stored and `heldFrom` lowered, so the next time it is local. Offline, the page is what the
 * cache has, with `hasMore` true when the server may hold more: never an error.
 */
export class MessageRoaming {
  constructor(private readonly deps: MessageRoamingDeps) {}

  async page(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    let cached = await this.deps.cache['messages.page']({ conversationId, beforeSeq, limit });
    if (cached.heldFrom === null) {
      // Nothing known to be held (a conversation first seen in the feed): take the newest page.
      if (!(await this.fetch(conversationId, cached, undefined))) return { messages: cached.messages, hasMore: true };
      cached = await this.deps.cache['messages.page']({ conversationId, beforeSeq, limit });
      if (cached.heldFrom === null) return { messages: cached.messages, hasMore: cached.hasMore };
    }
    const heldFrom = cached.heldFrom;
    const complete = heldFrom <= cached.visibleFromSeq + 1;
    if (cached.hasMore || complete || cached.messages.length >= limit) {
      return { messages: cached.messages, hasMore: cached.hasMore || (!complete && cached.messages.length >= limit) };
    }
    // The cache ran out above what the account may see: the rest is on the server.
    const below = beforeSeq !== undefined && beforeSeq < heldFrom ? beforeSeq : heldFrom;
    const fetched = await this.fetch(conversationId, cached, below, limit - cached.messages.length, below === heldFrom);
    if (!fetched) return { messages: cached.messages, hasMore: true };
    const older = fetched.messages.filter((message) => message.seq < below && message.seq > cached.visibleFromSeq);
    const messages = [...older.sort((a, b) => a.seq - b.seq), ...cached.messages].slice(-limit);
    return { messages, hasMore: fetched.hasMore };
  }

  /**
   * One page of history from the server, newest first from `beforeSeq`, stored; `heldFrom`
   * lowered only when the page joins what is held. Null when offline or the server failed.
   */
  private async fetch(
    conversationId: string,
    cached: CacheResult<'messages.page'>,
    beforeSeq: number | undefined,
    limit = 50,
    joinsHeld = true,
  ): Promise<MessagePage | null> {
    if (!this.deps.isOnline()) return null;
    try {
      const page = await this.deps.request('messages.history', {
        conversationId,
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
        limit: Math.max(limit, 20),
      });
      const held = joinsHeld ? historyHeld({ id: conversationId, visibleFromSeq: cached.visibleFromSeq }, page.messages, page.hasMore, beforeSeq ?? null) : null;
      if (page.messages.length > 0 || held) await this.deps.sync.storeHistory(page.messages, held);
      return page;
    } catch (error) {
      if (!isMagpieError(error, 'client.offline')) this.deps.log('could not load older messages', error);
      return null;
    }
  }
}
