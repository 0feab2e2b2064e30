import type { FastifyBaseLogger } from 'fastify';
import type { Store } from './store/store';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Prunes change-feed rows older than the retention period (MAGPIE_FEED_RETENTION_DAYS), at start
 * and then a few times per period, at most hourly. Every node runs it; two nodes pruning at once
 * delete the same rows and record the same floor, which is harmless.
 */
export function scheduleFeedRetention(store: Store, retentionDays: number, log: FastifyBaseLogger): { stop(): Promise<void> } {
  const retentionMs = retentionDays * DAY_MS;
  const everyMs = Math.min(Math.max(retentionMs / 4, 50), 60 * 60 * 1000);
  let running: Promise<void> | null = null;
  const prune = () => {
    if (running) return;
    running = store.messaging.pruneFeed(Date.now() - retentionMs)
      .then((removed) => void (removed > 0 && log.info({ removed }, 'old change-feed rows pruned')))
      .catch((error: unknown) => log.warn({ err: error }, 'pruning the change feed failed'))
      .finally(() => { running = null; });
  };
  prune();
  const timer = setInterval(prune, everyMs);
  timer.unref();
  return {
    // Waits for a prune in progress, so the store is not closed under it.
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
