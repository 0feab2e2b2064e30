import { CACHE_METHOD_NAMES, type CacheApi, type CacheMethod } from '../../shared/cache';

/**
 * The cache store as one app process reaches it, with a way to "kill" that process. After
 * `crash()`, calls never reach the store and never settle (the process is gone). Calls the store
 * had already started are let finish first (a real crash either commits an IndexedDB transaction
 * or not, and never writes after the next process has started), but their answers are swallowed:
 * so a message can be durable in the outbox while the send that wrote it never returned.
 */
export function createCrashableCache(store: CacheApi) {
  let alive = true;
  const never = () => new Promise<never>(() => {});
  const inFlight = new Set<Promise<unknown>>();
  const api = {} as Record<CacheMethod, (params: unknown) => Promise<unknown>>;
  for (const method of CACHE_METHOD_NAMES) {
    const call = store[method] as (params: unknown) => Promise<unknown>;
    api[method] = (params) => {
      if (!alive) return never();
      const running = call(params);
      inFlight.add(running);
      const forget = () => inFlight.delete(running);
      running.then(forget, forget);
      // A call that completes after the crash may have committed, but nobody is left to hear it.
      return running.then(
        (result) => (alive ? result : never()),
        (error: unknown) => (alive ? Promise.reject(error) : never()),
      );
    };
  }
  return {
    cache: api as unknown as CacheApi,
    get alive() {
      return alive;
    },
    /** Resolves once no call of the dead process can still touch the database. */
    async crash(): Promise<void> {
      alive = false;
      await Promise.allSettled([...inFlight]);
    },
  };
}
