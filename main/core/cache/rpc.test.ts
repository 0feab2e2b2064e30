import { describe, expect, it, vi } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { createMemoryTransportPair } from './memory-transport';
import { CacheRpcClient } from './rpc-client';
import { serveCache } from './rpc-host';
import { createRpcCache, createTestStore, message } from '../testing/fixtures';

const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('cache RPC (client + host over a memory transport)', () => {
  it('round-trips calls and validates results', async () => {
    const { client } = createRpcCache();
    await client['cache.open']({ accountId: 'acct1' });
    await client['messages.put']({ messages: [message('c1', 1), message('c1', 2)] });
    const page = await client['messages.page']({ conversationId: 'c1', limit: 10 });
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('queues calls while no host is attached and sends them once one is ready', async () => {
    const store = createTestStore();
    const client = new CacheRpcClient({ log: () => {} });
    const opened = client['cache.open']({ accountId: 'acct1' });
    const put = client['messages.put']({ messages: [message('c1', 1)] });
    let settled = false;
    void put.then(() => (settled = true));
    await nextTick();
    expect(settled).toBe(false);

    const [mainEnd, hostEnd] = createMemoryTransportPair();
    client.attach(mainEnd);
    serveCache(hostEnd, store);
    await opened;
    await put;
    expect((await client['messages.page']({ conversationId: 'c1', limit: 5 })).messages).toHaveLength(1);
  });

  it('replays the last cache.open to a new host and re-sends calls lost with the old one', async () => {
    const store = createTestStore();
    const client = new CacheRpcClient({ log: () => {} });
    const first = createMemoryTransportPair();
    client.attach(first[0]);
    serveCache(first[1], store);
    await client['cache.open']({ accountId: 'acct1' });
    await client['messages.put']({ messages: [message('c1', 1)] });

    // The host page reloads: its port closes with a call in flight, and the new page has no DB open.
    const reloadedStore = createTestStore();
    const lost = client['messages.put']({ messages: [message('c1', 2)] });
    first[1].close();
    await nextTick();

    const second = createMemoryTransportPair();
    client.attach(second[0]);
    serveCache(second[1], reloadedStore);
    await lost;
    const page = await client['messages.page']({ conversationId: 'c1', limit: 5 });
    // The reloaded host has its own (empty) fake IndexedDB here; it got the open and the re-sent put.
    expect(page.messages.map((m) => m.seq)).toEqual([2]);
  });

  it('fails with cache.unavailable when no host turns up in time', async () => {
    vi.useFakeTimers();
    try {
      const client = new CacheRpcClient({ callTimeoutMs: 1_000, log: () => {} });
      const call = client['sync.state']({});
      const check = expect(call).rejects.toSatisfy((error) => isMagpieError(error, 'cache.unavailable'));
      await vi.advanceTimersByTimeAsync(1_001);
      await check;
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects invalid requests with a typed error and stays up', async () => {
    const [mainEnd, hostEnd] = createMemoryTransportPair();
    serveCache(hostEnd, createTestStore());
    const replies: unknown[] = [];
    mainEnd.onMessage((reply) => replies.push(reply));
    mainEnd.send({ type: 'cache.request', id: 7, method: 'messages.put', params: { messages: [{ bogus: true }] } });
    mainEnd.send({ type: 'cache.request', id: 8, method: 'no.such.method', params: {} });
    mainEnd.send('garbage');
    await vi.waitFor(() => expect(replies).toHaveLength(3));
    expect(replies[0]).toEqual({ type: 'cache.ready' });
    expect(replies[1]).toMatchObject({ type: 'cache.reply', id: 7, ok: false, error: { code: 'validation.invalid' } });
    expect(replies[2]).toMatchObject({ type: 'cache.reply', id: 8, ok: false, error: { code: 'validation.invalid' } });
  });

  it('passes the store typed errors through to the caller', async () => {
    const { client } = createRpcCache();
    await expect(client['sync.state']({})).rejects.toSatisfy((error) => isMagpieError(error, 'cache.unavailable'));
  });

  it('refuses values a real port could not carry', () => {
    const [mainEnd] = createMemoryTransportPair();
    expect(() => mainEnd.send({ fn: () => 1 })).toThrow();
  });
});
