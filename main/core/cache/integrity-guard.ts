import { CACHE_METHOD_NAMES, type CacheApi, type CacheMethod } from '../../../shared/cache';
import { isMagpieError } from '../../../shared/errors';

/** A call whose answer failed validation: a row in the cache is damaged (see rpc-client.ts). */
export function isMalformedCacheResult(error: unknown): boolean {
  return isMagpieError(error, 'cache.failed') && error.details?.malformed === true;
}

/**
 * The cache as the core uses it: calls pass through unchanged, but the first call after each
 * `cache.open` whose answer held a damaged row reports it to `onDamaged` (which repairs the
 * cache and syncs again). Only once per open: if the repair did not help, a second report would
 * only wipe and re-fetch in a loop, so later failures are left to fail as they are.
 */
export function guardCache(cache: CacheApi, onDamaged: (method: CacheMethod) => void): CacheApi {
  let armed = true;
  const guarded = {} as Record<CacheMethod, (params: unknown) => Promise<unknown>>;
  for (const method of CACHE_METHOD_NAMES) {
    const call = cache[method] as (params: unknown) => Promise<unknown>;
    guarded[method] = async (params) => {
      if (method === 'cache.open') armed = true;
      try {
        return await call.call(cache, params);
      } catch (error) {
        if (armed && isMalformedCacheResult(error)) {
          armed = false;
          onDamaged(method);
        }
        throw error;
      }
    };
  }
  return guarded as unknown as CacheApi;
}
