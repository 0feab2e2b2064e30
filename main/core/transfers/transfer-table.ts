import type { CacheApi, TransferRecord } from '../../../shared/cache';
import { MagpieError } from '../../../shared/errors';
import type { Transfer } from '../../../shared/ipc';
import type { CoreEvents } from '../events';
import { ChangeThrottle } from './progress';
import { ACTIVE_STATES, toTransfer } from './records';

/**
 * The signed-in account's transfers: in memory for speed, in the cache (Dexie v5 `transfers`)
 * for restarts. State changes are written through and announced at once; progress is announced
 * at most 4 times a second per transfer and not written (a resumed transfer asks the server or
 * its partial file where it stands, never this number).
 */
export class TransferTable {
  private readonly records = new Map<string, TransferRecord>();
  private readonly throttle: ChangeThrottle<Transfer>;
  private loaded: Promise<void> | null = null;
  private generation = 0;

  constructor(
    private readonly cache: CacheApi,
    events: CoreEvents,
    private readonly now: () => number,
    private readonly log: (message: string, detail?: unknown) => void,
  ) {
    this.throttle = new ChangeThrottle((transfer) => events.emit('transfers.changed', { transfer }), now);
  }

  /** Reads the account's transfers once; `settle` fixes those a previous run left mid-way. */
  load(settle: (record: TransferRecord) => TransferRecord): Promise<void> {
    if (this.loaded) return this.loaded;
    const generation = this.generation;
    const loading = (async () => {
      const { transfers } = await this.cache['transfers.list']({});
      if (generation !== this.generation) return;
      for (const stored of transfers) {
        if (this.records.has(stored.id)) continue;
        const settled = settle(stored);
        this.records.set(settled.id, settled);
        if (settled !== stored) await this.write(settled);
      }
    })();
    this.loaded = loading;
    // A cache not open yet is asked again by the next call.
    loading.catch(() => {
      if (this.loaded === loading) this.loaded = null;
    });
    return loading;
  }

  /** Forgets everything in memory (sign-out, another account); the cache keeps its rows. */
  reset(): void {
    this.generation += 1;
    for (const id of this.records.keys()) this.throttle.cancel(id);
    this.records.clear();
    this.loaded = null;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  get(id: string): TransferRecord {
    const record = this.records.get(id);
    if (!record) throw new MagpieError('transfer.not_found', 'No such transfer');
    return record;
  }

  find(predicate: (record: TransferRecord) => boolean): TransferRecord | undefined {
    return [...this.records.values()].find(predicate);
  }

  all(): TransferRecord[] {
    return [...this.records.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  activeDownloads(): TransferRecord[] {
    return this.all().filter((record) => record.direction === 'download' && ACTIVE_STATES.has(record.state));
  }

  async add(record: TransferRecord): Promise<TransferRecord> {
    this.records.set(record.id, record);
    await this.write(record);
    this.throttle.flush(record.id, toTransfer(record));
    return record;
  }

  /** A state change: written to the cache and announced at once. Stale generations are ignored. */
  async update(id: string, patch: Partial<TransferRecord>, generation = this.generation): Promise<TransferRecord | null> {
    const current = this.records.get(id);
    if (!current || generation !== this.generation) return null;
    const next: TransferRecord = { ...current, ...patch, updatedAt: this.now() };
    if ('error' in patch && patch.error === undefined) delete next.error;
    this.records.set(id, next);
    await this.write(next);
    this.throttle.flush(id, toTransfer(next));
    return next;
  }

  /** Progress: memory and a throttled event only. */
  progress(id: string, bytesDone: number, bytesPerSecond: number, generation: number): void {
    const current = this.records.get(id);
    if (!current || generation !== this.generation || current.state !== 'running') return;
    const next = { ...current, bytesDone: Math.min(bytesDone, current.size), bytesPerSecond, updatedAt: this.now() };
    this.records.set(id, next);
    this.throttle.push(id, toTransfer(next));
  }

  async remove(id: string): Promise<void> {
    this.throttle.cancel(id);
    this.records.delete(id);
    await this.cache['transfers.remove']({ id });
  }

  private async write(record: TransferRecord): Promise<void> {
    try {
      await this.cache['transfers.put']({ transfer: record });
    } catch (error) {
      // The transfer goes on; only its resumption after a restart depends on this row.
      this.log('could not record a transfer', error);
    }
  }
}
