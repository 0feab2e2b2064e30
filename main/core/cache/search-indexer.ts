import type { MagpieCacheDatabase } from './database';
import { searchEntries, type CachedMessage } from './search-index';

/**
 * Measured in Chromium (2 vCPU, 10k rows, ~25 entries each): indexing runs at the same rows/s
 * whether a transaction holds 25 or 500 rows (the cost is the index entries, not the commit), but
 * a read of the messages table waits for the indexing transaction in progress — ~1 ms per row.
 * So transactions are sized to take about TARGET_TX_MS, and reads go first (see `reading`).
 */
const TARGET_TX_MS = 20;
const MIN_BATCH = 10;
const MAX_BATCH = 500;
const FIRST_BATCH = 25;
/** A search indexes what waits in larger steps: nothing else is waiting on it but the search. */
const DRAIN_BATCH = 250;
/** The indexer waits this long after the last write ends, so catch-up pages are not slowed by it. */
const QUIET_MS = 150;
/** And this long after the last read: the UI reads in bursts (open a conversation, scroll). */
const READ_GRACE_MS = 100;
/** After an unexpected failure (not a closed database), try again this much later. */
const RETRY_MS = 1_500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The follow-up pass of local search indexing. Message writes store rows marked `unindexed`
 * (no index entries: ~4x cheaper, see README); this pass gives them their entries when nothing
 * else wants the messages table: no write in flight or within QUIET_MS, no read in flight or
 * within READ_GRACE_MS. A search first indexes what is still waiting (bounded), so results never
 * miss a message the cache holds. The mark is in the row, so a crash loses nothing: the next open
 * picks up where it stopped.
 */
export class SearchIndexer {
  private loop: Promise<void> | null = null;
  /** One indexing transaction at a time, whether the background pass or a search asked for it. */
  private tail: Promise<unknown> = Promise.resolve();
  private writes = 0;
  private reads = 0;
  private lastWrite = 0;
  private lastRead = 0;
  private batch = FIRST_BATCH;
  private closed = false;

  constructor(private readonly db: MagpieCacheDatabase) {}

  /** Runs a message write; indexing waits while it runs and starts after the next quiet spell. */
  async writing<T>(write: () => Promise<T>): Promise<T> {
    this.writes += 1;
    try {
      return await write();
    } finally {
      this.writes -= 1;
      this.lastWrite = Date.now();
      this.start();
    }
  }

  /** Runs a read of the messages table; no indexing transaction starts while one is pending. */
  async reading<T>(read: () => Promise<T>): Promise<T> {
    this.reads += 1;
    try {
      return await read();
    } finally {
      this.reads -= 1;
      this.lastRead = Date.now();
    }
  }

  /** Rows may be waiting (a crash left some, or the database was just opened): index them when quiet. */
  noteWrite(): void {
    this.lastWrite = Date.now();
    this.start();
  }

  /** Indexes up to `maxRows` waiting rows now (a search calls this first). */
  async drain(maxRows: number): Promise<void> {
    let done = 0;
    while (done < maxRows && !this.closed) {
      const count = await this.step(Math.min(DRAIN_BATCH, maxRows - done));
      done += count;
      if (count === 0) return;
    }
  }

  close(): void {
    this.closed = true;
  }

  private start(): void {
    if (this.closed || this.loop) return;
    this.loop = this.run().finally(() => (this.loop = null));
  }

  /** How long to hold off before the next batch: 0 when nobody else wants the table. */
  private holdOff(): number {
    const now = Date.now();
    const afterWrite = this.writes > 0 ? QUIET_MS : this.lastWrite + QUIET_MS - now;
    const afterRead = this.reads > 0 ? READ_GRACE_MS : this.lastRead + READ_GRACE_MS - now;
    return Math.max(0, afterWrite, afterRead);
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const wait = this.holdOff();
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      try {
        const started = performance.now();
        const count = await this.step(this.batch);
        if (count === 0) return;
        this.resize(count, performance.now() - started);
        // A macrotask, so a read that arrived meanwhile is counted before the next batch starts.
        await sleep(0);
      } catch {
        if (this.closed) return; // a closed or deleted database: nothing left to index
        await sleep(RETRY_MS);
      }
    }
  }

  /** Steers the batch towards TARGET_TX_MS, halfway each time, so one slow batch does not swing it. */
  private resize(count: number, elapsedMs: number): void {
    if (count < this.batch) return; // the last rows: says nothing about the rate
    const ideal = (count * TARGET_TX_MS) / Math.max(1, elapsedMs);
    this.batch = Math.round(Math.min(MAX_BATCH, Math.max(MIN_BATCH, (this.batch + ideal) / 2)));
  }

  /** Indexes up to `limit` rows in one transaction, after any batch in progress; how many it did. */
  private step(limit: number): Promise<number> {
    const next = this.tail.then(() => (this.closed ? 0 : this.indexBatch(limit)));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private indexBatch(limit: number): Promise<number> {
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
