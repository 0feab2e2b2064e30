import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from './config';
import type { ConnectionHub } from './gateway/hub';
import { hubDelivery, LocalPubSub, type PubSub } from './gateway/pubsub';
import { PostgresPubSub } from './gateway/pubsub-postgres';
import { PostgresStore } from './store/postgres-store';
import { SqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';

/** Close code asking clients to reconnect (and so catch up) after this node may have missed events. */
const CLOSE_SERVICE_RESTART = 1012;

export interface Storage {
  store: Store;
  pubsub: PubSub;
  /** Stops publishing (after flushing), then closes the store. */
  close(): Promise<void>;
}

/**
 * The store and the live-event fan-out that goes with it: `MAGPIE_DATABASE_URL` → PostgreSQL and
 * LISTEN/NOTIFY between nodes; otherwise the embedded SQLite file and in-process delivery (one node).
 */
export async function openStorage(config: ServerConfig, hub: ConnectionHub, log: FastifyBaseLogger): Promise<Storage> {
  if (!config.databaseUrl) {
    const store = SqliteStore.open(config.dataDir);
    const pubsub = new LocalPubSub(hubDelivery(hub, store, log));
    return { store, pubsub, close: () => store.close() };
  }
  const store = await PostgresStore.open(config.databaseUrl, config.databasePoolSize);
  const deliver = hubDelivery(hub, store, log);
  try {
    const pubsub = await PostgresPubSub.start({
      connectionString: config.databaseUrl,
      pool: store.pool,
      store,
      deliver,
      onGap: () => {
        log.warn('live events connection was re-established; asking clients to reconnect and catch up');
        for (const conn of hub.connections) conn.socket.close(CLOSE_SERVICE_RESTART, 'reconnect to catch up');
      },
      log,
    });
    return {
      store,
      pubsub,
      async close() {
        await pubsub.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
