import { LIMITS } from '../../../shared/limits';
import type { MethodHandlers, RequestContext } from './context';
import { conversationForMember, sessionOf } from './context';
import { matchText, parseQuery, requiredTokens } from '../../../shared/search/query';
import type { SearchCandidate } from '../store/store';

/**
 * `messages.search`. Plan: the query's terms name index tokens every match must hold (all bigrams
 * of a CJK phrase, each word or its 3-5 letter prefix); the store returns candidates holding ALL
 * of them, newest first, in the caller's conversations only (membership is part of the SQL); each
 * candidate is verified against its text (phrase contiguity, whole words), which removes bigram
 * false positives like '今天' + '天开' in '今天…天开'. Candidates are read in growing batches until
 * `limit` results, the end of the index, or the scan budget.
 */
const FIRST_BATCH_MIN = 50;
const MAX_BATCH = 1_000;
/** Most candidates one request verifies: bounds the work of a rare phrase made of common bigrams. */
export const SEARCH_SCAN_BUDGET = 5_000;
/** Room for the results in one reply frame (50 long Chinese messages would not fit). */
const FRAME_BUDGET = LIMITS.maxFrameBytes - 8 * 1024;

type SearchHandlers = Pick<MethodHandlers, 'messages.search'>;
type Result = Awaited<ReturnType<SearchHandlers['messages.search']>>;

export const searchHandlers: SearchHandlers = {
  async 'messages.search'(params, ctx: RequestContext) {
    const me = sessionOf(ctx).user;
    if (params.conversationId !== undefined) await conversationForMember(ctx, params.conversationId);
    const terms = parseQuery(params.query);
    const tokens = requiredTokens(terms);
    if (tokens.length === 0) return { results: [], nextBefore: null };

    const results: Result['results'] = [];
    let before = params.before?.position;
    let batch = Math.max(params.limit * 2, FIRST_BATCH_MIN);
    let scanned = 0;
    let bytes = 0;
    for (;;) {
      const candidates: SearchCandidate[] = await ctx.store.searchCandidates(me.id, tokens, {
        conversationId: params.conversationId, beforePosition: before, limit: batch,
      });
      for (const { position, message } of candidates) {
        scanned += 1;
        const highlights = matchText(terms, message.text);
        before = position;
        if (!highlights) continue;
        const size = Buffer.byteLength(JSON.stringify(message)) + highlights.length * 24 + 16;
        if (results.length > 0 && bytes + size > FRAME_BUDGET) {
          // Frame full: this one starts the next page.
          return { results, nextBefore: { position: position + 1 } };
        }
        bytes += size;
        results.push({ message, highlights });
        if (results.length === params.limit) return { results, nextBefore: { position } };
      }
      if (candidates.length < batch) return { results, nextBefore: null };
      if (scanned >= SEARCH_SCAN_BUDGET) return { results, nextBefore: before === undefined ? null : { position: before } };
      batch = Math.min(batch * 2, MAX_BATCH);
    }
  },
};
