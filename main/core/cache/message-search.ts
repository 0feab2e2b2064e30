import type { CacheParams, CacheResult, SearchCursor } from '../../../shared/cache';
import type { MagpieCacheDatabase } from './database';
import { searchConversation } from './conversation-search';
import { comparePosition, entryKey, entryTime, fromCachedMessage, positionOf, PROBE_DEPTH, SCAN_BUDGET, tokenRange } from './search-index';
import { candidateTokens, matchText, parseQuery } from './search-query';

/**
 * The read side of local search. Plan: every term names index tokens that any match must hold;
 * pick the token whose entries are sparsest among recent messages, read its entries newest
 * first in growing batches (one IndexedDB getAll each), and verify each candidate against the
 * whole query (AND of all terms, phrases contiguous). Stop at `limit` results, when the token's
 * entries run out, or when the scan budget is spent (a rare phrase made of common bigrams).
 */

const FIRST_BATCH_MIN = 50;
const MAX_BATCH = 2_000;

export type SearchParams = CacheParams<'messages.search'>;
export type SearchResult = CacheResult<'messages.search'>;

export async function searchMessages(db: MagpieCacheDatabase, params: SearchParams): Promise<SearchResult> {
  const terms = parseQuery(params.query);
  if (terms.length === 0) return { results: [], nextBefore: null };
  const tokens = [...new Set(terms.flatMap(candidateTokens))];
  return db.transaction('r', db.messages, async () => {
    const sparsest = await sparsestToken(db, tokens, params.before);
    if (sparsest === null) return { results: [], nextBefore: null };
    const { token: driver } = sparsest;
    if (params.conversationId !== undefined) {
      return searchConversation(db, terms, sparsest, { ...params, conversationId: params.conversationId });
    }

    const results: SearchResult['results'] = [];
    const upper = tokenRange(driver)[1];
    let lower = params.before ? entryKey(driver, params.before.createdAt) : tokenRange(driver)[0];
    let after: SearchCursor | undefined = params.before;
    let batch = Math.max(params.limit * 2, FIRST_BATCH_MIN);
    let scanned = 0;
    for (;;) {
      const rows = await db.messages.where('searchTokens').between(lower, upper, true, true).limit(batch).toArray();
      for (const row of rows) {
        // A batch starts at the last one's timestamp, inclusive: skip what was already seen.
        if (after && comparePosition(row, after) <= 0) continue;
        after = positionOf(row);
        scanned += 1;
        if (params.conversationId !== undefined && row.conversationId !== params.conversationId) continue;
        const highlights = matchText(terms, row.text);
        if (!highlights) continue;
        results.push({ message: fromCachedMessage(row), highlights });
        if (results.length === params.limit) return { results, nextBefore: after };
      }
      if (rows.length < batch) return { results, nextBefore: null };
      if (scanned >= SCAN_BUDGET) return { results, nextBefore: after ?? null };
      const next = entryKey(driver, rows.at(-1)!.createdAt);
      // A whole batch within one millisecond would come back again: read a bigger one.
      batch = next === lower ? batch * 2 : Math.min(batch * 2, MAX_BATCH);
      lower = next;
    }
  });
}

/**
 * The token with the fewest entries, or, when all have many, the one whose PROBE_DEPTH-th newest
 * entry is oldest (fewest recent matches: results are newest first, so recent density is what a
 * page costs). `cursor.advance` makes each probe one request, without loading rows.
 * Null when some token has no entries at all: nothing can match.
 */
export interface SparsestToken {
  token: string;
  /** `createdAt` of its PROBE_DEPTH-th newest entry; null when it has fewer entries. */
  depthTime: number | null;
}

async function sparsestToken(db: MagpieCacheDatabase, tokens: string[], before: SearchCursor | undefined): Promise<SparsestToken | null> {
  const probes = await Promise.all(
    tokens.map(async (token) => {
      const [first, upper] = tokenRange(token);
      const lower = before ? entryKey(token, before.createdAt) : first;
      const range = () => db.messages.where('searchTokens').between(lower, upper, true, true);
      const deep = await range().offset(PROBE_DEPTH - 1).limit(1).keys();
      if (deep.length > 0) return { token, count: Infinity, depthKey: String(deep[0]) };
      return { token, count: await range().count(), depthKey: '' };
    }),
  );
  if (probes.some((probe) => probe.count === 0)) return null;
  probes.sort((a, b) => a.count - b.count || (a.depthKey < b.depthKey ? 1 : a.depthKey > b.depthKey ? -1 : 0));
  const { token, depthKey } = probes[0]!;
  return { token, depthTime: depthKey ? entryTime(depthKey) : null };
}
