import type { CacheApi, TransferRecord } from '../../../shared/cache';
import type { MagpieCacheDatabase } from './database';

/** The transfers table (Dexie v5). */
export function transferRowMethods(
  database: () => Promise<MagpieCacheDatabase>,
): Pick<CacheApi, 'transfers.put' | 'transfers.list' | 'transfers.remove'> {
  return {
    async 'transfers.put'({ transfer }) {
      const db = await database();
      await db.transfers.put(transfer as TransferRecord);
      return {};
    },
    async 'transfers.list'() {
      const db = await database();
      return { transfers: await db.transfers.orderBy('createdAt').toArray() };
    },
    async 'transfers.remove'({ id }) {
      const db = await database();
      await db.transfers.delete(id);
      return {};
    },
  };
}
