import { describe, expect, it, vi } from 'vitest';
import { MagpieError } from '../../../shared/errors';
import type { Message, MethodParams, MethodResult } from '../../../shared/protocol';
import { CoreEvents } from '../events';
import { conversation, createTestStore, message, outboxItem } from '../testing/fixtures';
import { SyncEngine, type ServerRequest } from './sync-engine';

/**
 * A pretend server: conversation c1 with `total` messages (feed position = seq), c2 empty.
 * Bootstrap pages one conversation at a time; catch-up answers from the feed.
 */
function fakeServer(total: number) {
  const calls: Array<{ method: string; params: unknown }> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  let expiredBefore = -1;
  let head = total;
  const messages = (from: number, to: number): Message[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => message('c1', from + i));
  const request = (async (method: string, params: never) => {
    calls.push({ method, params: structuredClone(params) });
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise((resolve) => setTimeout(resolve, 1));
    concurrent -= 1;
    if (method === 'sync.bootstrap') {
      const p = params as MethodParams<'sync.bootstrap'>;
      const recent = p.recent ?? 20;
      const result: MethodResult<'sync.bootstrap'> =
        p.after === undefined
          ? { head, conversations: [conversation('c1', head)], messages: messages(Math.max(1, head - recent + 1), head), next: 'c1' }
          : { head: head + 100, conversations: [conversation('c2', 0)], messages: [], next: null };
      return result;
    }
    if (method === 'sync.catchUp') {
      const p = params as MethodParams<'sync.catchUp'>;
      if (p.after < expiredBefore) throw new MagpieError('sync.cursor_expired', 'too old');
      const last = Math.min(total, p.after + p.limit);
      const result: MethodResult<'sync.catchUp'> = { conversations: [], messages: messages(p.after + 1, last), hidden: [], cursor: Math.max(p.after, last), hasMore: last < total };
      return result;
    }
    throw new Error(method);
  }) as unknown as ServerRequest;
  return {
    request,
    calls,
    maxConcurrent: () => maxConcurrent,
    grow: (to: number) => (total = to),
    expire: () => {
      expiredBefore = total;
      head = total;
    },
  };
}

async function setup(total: number, pageSize = 50) {
  const cache = createTestStore();
  await cache['cache.open']({ accountId: 'u9' });
  const server = fakeServer(total);
  const events = new CoreEvents();
  const changed = vi.fn();
  events.on('messages.changed', changed);
  const sync = new SyncEngine({ cache, request: server.request, events, pageSize, bootstrapRecent: 20, log: () => {} });
  const seqs = async () => (await cache['messages.page']({ conversationId: 'c1', limit: 500 })).messages.map((m) => m.seq);
  return { cache, server, sync, changed, seqs };
}

describe('SyncEngine (feed v2)', () => {
  it('bootstraps a fresh device: recent messages only, the first head kept, then catches up from it', async () => {
    const { cache, server, sync, seqs } = await setup(100);
    await sync.catchUp();
    expect(server.calls.map((call) => call.method)).toEqual(['sync.bootstrap', 'sync.bootstrap', 'sync.catchUp']);
    expect(server.calls[2]!.params).toMatchObject({ after: 100 }); // the first page's head, not the second's
    expect(await cache['sync.state']({})).toEqual({ feedCursor: 100 });
    expect(await seqs()).toEqual(Array.from({ length: 20 }, (_, i) => 81 + i));
    expect((await cache['messages.page']({ conversationId: 'c1', limit: 5 })).heldFrom).toBe(81);
    expect((await cache['messages.page']({ conversationId: 'c2', limit: 5 })).heldFrom).toBe(1);
  });

  it('catches up from the stored cursor on later connects, page by page, never two at once', async () => {
    const { cache, server, sync, seqs } = await setup(10, 50);
    await sync.catchUp();
    server.grow(180);
    server.calls.length = 0;
    await Promise.all([sync.catchUp(), sync.catchUp(), sync.catchUp()]);
    expect(server.calls.every((call) => call.method === 'sync.catchUp')).toBe(true);
    expect(server.calls.map((call) => (call.params as { after: number }).after).slice(0, 4)).toEqual([10, 60, 110, 160]);
    expect(server.maxConcurrent()).toBe(1);
    expect(await seqs()).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
    expect(await cache['sync.state']({})).toEqual({ feedCursor: 180 });
  });

  it('starts over when the cursor expired, keeping the outbox', async () => {
    const { cache, server, sync, seqs } = await setup(30);
    await sync.catchUp();
    await cache['outbox.add']({ item: outboxItem('waiting', 1) });
    server.grow(300);
    server.expire();
    server.calls.length = 0;
    await sync.catchUp();
    // (Unread messages below the first bootstrap's recent ones may be fetched meanwhile: history.)
    expect(server.calls.map((call) => call.method).filter((method) => method !== 'messages.history').slice(0, 3)).toEqual(['sync.catchUp', 'sync.bootstrap', 'sync.bootstrap']);
    expect(await seqs()).toEqual(Array.from({ length: 20 }, (_, i) => 281 + i));
    expect(await cache['sync.state']({})).toEqual({ feedCursor: 300 });
    expect((await cache['outbox.list']({})).items.map((item) => item.clientId)).toEqual(['waiting']);
  });

  it('applies live messages at once and catches up when one skips seqs', async () => {
    const { server, sync, changed, seqs } = await setup(5);
    await sync.catchUp();
    server.grow(9);
    server.calls.length = 0;
    await sync.receive(message('c1', 6));
    expect(changed).toHaveBeenCalledWith({ conversationId: 'c1' });
    expect(server.calls).toEqual([]);
    await sync.receive(message('c1', 9)); // 7 and 8 were missed
    await sync.idle();
    expect(server.calls.map((call) => call.method)).toContain('sync.catchUp');
    expect(await seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
