import type { MagpieCacheDatabase } from './database';
import { searchEntries, type CachedMessage } from './search-index';

/**
 * Rows indexed per transaction: small, because a read of the messages table waits for the
 * indexing transaction in progress (~100 rows ≈ 80 ms in Chromium), and a pause between
 * batches lets waiting reads and writes go first.
 */
const BATCH = 100;
const PAUSE_MS = 5;
/** The indexer waits this long after the last write, so catch-up pages are not slowed by it. */
const QUIET_MS = 150;

/**
 * The follow-up pass of local search indexing. Message writes store rows marked `unindexed`
 * (no index entries: ~4x cheaper, see README); this pass gives them their entries once writes
 * pause, a batch per transaction, and a search first indexes what is still waiting (bounded), so
 * results never miss a message the cache holds. The mark is in the row, so a crash loses
 * nothing: the next open picks up where it stopped.
 */
export class SearchIndexer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private lastWrite = 0;
  private closed = false;

  constructor(private readonly db: MagpieCacheDatabase) {}

  /** A write happened: index after the next quiet spell. */
  noteWrite(): void {
    this.lastWrite = Date.now();
    this.schedule(QUIET_MS);
  }

  /** Indexes up to `maxRows` waiting rows now (a search calls this first). */
  async drain(maxRows: number): Promise<void> {
    await this.running;
    let done = 0;
    while (done < maxRows && !this.closed) {
      const count = await this.indexBatch(Math.min(BATCH, maxRows - done));
      done += count;
      if (count === 0) return;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) return this.schedule(QUIET_MS);
      this.running = this.runWhileQuiet().finally(() => (this.running = null));
    }, delay);
  }

  private async runWhileQuiet(): Promise<void> {
    while (!this.closed) {
      const sinceWrite = Date.now() - this.lastWrite;
      if (sinceWrite < QUIET_MS) return this.schedule(QUIET_MS - sinceWrite);
      try {
        if ((await this.indexBatch(BATCH)) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      } catch {
        // A closed or deleted database: nothing left to index. Any other failure retries later.
        if (!this.closed) this.schedule(QUIET_MS * 10);
        return;
      }
    }
  }

  /** Returns how many rows it indexed. */
  private async indexBatch(limit: number): Promise<number> {
    const { db } = this;
    return db.transaction('rw', db.messages, async () => {
      const rows = await db.messages.where('unindexed').equals(1).limit(limit).toArray();
      if (rows.length === 0) return 0;
      await db.messages.bulkPut(rows.map(indexed));
      return rows.length;
    });
  }
}

function indexed(row: CachedMessage): CachedMessage {
  const { unindexed: _pending, ...rest } = row;
  return { ...rest, searchTokens: searchEntries(rest) };
}
