import { describe, expect, it } from 'vitest';
import { createTestStore, outboxItem } from '../../main/core/testing/fixtures';
import { createCrashableCache } from './crashable-cache';

const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

describe('createCrashableCache', () => {
  it('lets a write in flight commit but never answers it, and drops every later call', async () => {
    const store = createTestStore();
    await store['cache.open']({ accountId: 'u1' });
    const process = createCrashableCache(store);
    const inFlight = process.cache['outbox.add']({ item: outboxItem('written', 1) });
    await process.crash();
    const late = process.cache['outbox.add']({ item: outboxItem('too-late', 2) });

    expect(await settledWithin(inFlight, 50)).toBe(false);
    expect(await settledWithin(late, 50)).toBe(false);
    expect((await store['outbox.list']({})).items.map((item) => item.clientId)).toEqual(['written']);
  });

  it('passes calls and errors through while alive', async () => {
    const store = createTestStore();
    const process = createCrashableCache(store);
    await expect(process.cache['outbox.list']({})).rejects.toMatchObject({ code: 'cache.unavailable' });
    await process.cache['cache.open']({ accountId: 'u1' });
    expect(await process.cache['outbox.list']({})).toEqual({ items: [] });
  });
});
