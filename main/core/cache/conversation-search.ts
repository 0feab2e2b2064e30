import Dexie from 'dexie';
import type { MagpieCacheDatabase } from './database';
import type { SearchParams, SearchResult, SparsestToken } from './message-search';
import { entryKey, entryTime, fromCachedMessage, positionOf, PROBE_DEPTH, SCAN_BUDGET, tokenRange } from './search-index';
import { matchText, type QueryTerm } from './search-query';

/**
 * Search within one conversation, by whichever is sparser in recent time: the query's sparsest
 * token (plan A: walk its entries, keep this conversation's) or the conversation itself (plan B:
 * read its rows newest first, verify each). Either plan reads about k / density items to find k
 * hits, and when nothing matches it reads all of the smaller set, so comparing the time of each
 * one's PROBE_DEPTH-th newest item picks the cheaper plan in both cases. (A phrase of common
 * bigrams in a 1/200 conversation took 0.6-5 s by plan A alone at 840k messages.)
 */

/** In plan A, index keys are walked this many per step, and at most KEY_BUDGET per call. */
const KEY_STEP = 5_000;
const KEY_BUDGET = 200_000;

type ConversationParams = SearchParams & { conversationId: string };

export async function searchConversation(
  db: MagpieCacheDatabase,
  terms: QueryTerm[],
  sparsest: SparsestToken,
  params: ConversationParams,
): Promise<SearchResult> {
  if (sparsest.depthTime === null) return walkTokenKeys(db, terms, sparsest.token, params);
  const deep = await conversationRows(db, params).offset(PROBE_DEPTH - 1).limit(1).first();
  if (deep && deep.createdAt > sparsest.depthTime) return walkTokenKeys(db, terms, sparsest.token, params);
  return scanRows(db, terms, params);
}

/** The conversation's rows before the cursor, newest first. */
function conversationRows(db: MagpieCacheDatabase, params: ConversationParams, upperSeq?: number) {
  const { before, conversationId } = params;
  const upper = upperSeq ?? (before?.conversationId === conversationId ? before.seq : Dexie.maxKey);
  return db.messages
    .where('[conversationId+seq]')
    .between([conversationId, Dexie.minKey], [conversationId, upper], true, false)
    .reverse();
}

/**
 * Plan B. Rows come by seq, newest first; a cursor from another conversation (plan A's budget
 * stop) bounds by time instead. (Within one millisecond of one conversation plan A orders by
 * seq ascending and plan B descending; a page boundary inside such a tie may repeat a row.)
 */
async function scanRows(db: MagpieCacheDatabase, terms: QueryTerm[], params: ConversationParams): Promise<SearchResult> {
  const results: SearchResult['results'] = [];
  const { before, limit } = params;
  let upperSeq: number | undefined;
  let batch = Math.max(limit * 2, 50);
  let scanned = 0;
  for (;;) {
    const rows = await conversationRows(db, params, upperSeq).limit(batch).toArray();
    for (const row of rows) {
      scanned += 1;
      if (before && before.conversationId !== params.conversationId && row.createdAt > before.createdAt) continue;
      const highlights = matchText(terms, row.text);
      if (!highlights) continue;
      results.push({ message: fromCachedMessage(row), highlights });
      if (results.length === limit) return { results, nextBefore: positionOf(row) };
    }
    if (rows.length < batch) return { results, nextBefore: null };
    const last = rows.at(-1)!;
    if (scanned >= SCAN_BUDGET) return { results, nextBefore: positionOf(last) };
    upperSeq = last.seq;
    batch = Math.min(batch * 2, 1_000);
  }
}

type PrimaryKey = [conversationId: string, seq: number];

/**
 * Plan A: most of the driver token's entries belong to other conversations, so walk its index
 * keys alone (the primary key names the conversation) and load only this conversation's rows. A position is (entry key, primary key): entries sharing a
 * millisecond are ordered by primary key, so resuming skips exactly what was seen.
 */
async function walkTokenKeys(
  db: MagpieCacheDatabase,
  terms: QueryTerm[],
  driver: string,
  params: ConversationParams,
): Promise<SearchResult> {
  const results: SearchResult['results'] = [];
  const upper = tokenRange(driver)[1];
  const { before, conversationId, limit } = params;
  let lastKey: string | null = before ? entryKey(driver, before.createdAt) : null;
  let lastPk: PrimaryKey | null = before ? [before.conversationId, before.seq] : null;
  let scanned = 0;
  for (;;) {
    const found: PrimaryKey[] = [];
    let examined = 0;
    let stopped = false;
    const full = () => (stopped ||= found.length >= limit * 2 || examined >= KEY_STEP);
    await db.messages
      .where('searchTokens')
      .between(lastKey ?? tokenRange(driver)[0], upper, true, true)
      .until(full)
      .eachKey((key, cursor) => {
        const pk = cursor.primaryKey as PrimaryKey;
        if (key === lastKey && comparePk(pk, lastPk!) <= 0) return; // seen in the previous step
        examined += 1;
        lastKey = key as string;
        lastPk = pk;
        if (pk[0] === conversationId) found.push(pk);
      });
    scanned += examined;
    const rows = await db.messages.bulkGet(found);
    for (const row of rows) {
      const highlights = row ? matchText(terms, row.text) : null;
      if (!row || !highlights) continue;
      results.push({ message: fromCachedMessage(row), highlights });
      if (results.length === limit) return { results, nextBefore: positionOf(row) };
    }
    if (!stopped || lastKey === null) return { results, nextBefore: null };
    if (scanned >= KEY_BUDGET) {
      return { results, nextBefore: { createdAt: entryTime(lastKey), conversationId: lastPk![0], seq: lastPk![1] } };
    }
  }
}

function comparePk(a: PrimaryKey, b: PrimaryKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1];
}

