import { get, run, type Op } from './sql-ops';

/**
 * Feed retention (MAGPIE_FEED_RETENTION_DAYS). Rows are pruned from the oldest position up, a
 * prefix at a time, so everything above `feed_floor.pruned_through` is still there: a cursor at
 * or above it catches up exactly; one below it would miss rows and gets `sync.cursor_expired`.
 */

/** The highest position pruned so far (0: nothing yet). */
export function* feedFloor(): Op<number> {
  const row = yield* get<{ pruned_through: number }>('SELECT pruned_through FROM feed_floor WHERE id = 1');
  return Number(row?.pruned_through ?? 0);
}

/**
 * Deletes up to `batch` of the oldest rows written before `cutoff` (epoch ms) and returns how many
 * went. Only a prefix: rows up to the first one at or after the cutoff (clocks of several nodes
 * may disagree a little, so `at` is not strictly in position order). The newest row always stays,
 * so the head (`MAX(pos)`) never goes back and no client cursor ends up above it. On PostgreSQL
 * no uncommitted row can sit below the bound: positions become visible in order.
 */
export function* pruneFeed(cutoff: number, batch: number): Op<number> {
  const young = yield* get<{ pos: number }>('SELECT pos FROM feed WHERE at >= ? ORDER BY pos LIMIT 1', [cutoff]);
  const bound = young?.pos ?? (yield* get<{ pos: number | null }>('SELECT MAX(pos) AS pos FROM feed'))?.pos;
  if (bound === null || bound === undefined) return 0;
  const last = yield* get<{ pos: number | null }>('SELECT MAX(pos) AS pos FROM (SELECT pos FROM feed WHERE pos < ? ORDER BY pos LIMIT ?) x', [bound, batch]);
  if (last?.pos === null || last?.pos === undefined) return 0;
  const through = Number(last.pos);
  const deleted = yield* run('DELETE FROM feed WHERE pos <= ?', [through]);
  yield* run('UPDATE feed_floor SET pruned_through = ? WHERE id = 1 AND pruned_through < ?', [through, through]);
  return deleted;
}
