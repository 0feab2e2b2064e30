import { describe, expect, it, vi } from 'vitest';
import type { Message, MethodParams, MethodResult } from '../../../shared/protocol';
import { CoreEvents } from '../events';
import { conversation, createTestStore, message } from '../testing/fixtures';
import { advanceCursors, SyncEngine, type ServerRequest } from './sync-engine';

/** A pretend server holding `total` messages in c1, answering catch-up pages from the cursors. */
function fakeServer(total: number) {
  const calls: MethodParams<'sync.catchUp'>[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const request = (async (method: string, params: MethodParams<'sync.catchUp'>) => {
    if (method !== 'sync.catchUp') throw new Error(method);
    calls.push(structuredClone(params));
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise((resolve) => setTimeout(resolve, 1));
    concurrent -= 1;
    const from = params.cursors.find((cursor) => cursor.conversationId === 'c1')?.seq ?? 0;
    const messages: Message[] = [];
    for (let seq = from + 1; seq <= Math.min(total, from + params.limit); seq++) messages.push(message('c1', seq));
    const result: MethodResult<'sync.catchUp'> = {
      conversations: from === 0 ? [conversation('c1', total)] : [],
      messages,
      hasMore: from + params.limit < total,
    };
    return result;
  }) as unknown as ServerRequest;
  return { request, calls, maxConcurrent: () => maxConcurrent };
}

async function setup(total: number, pageSize = 50) {
  const cache = createTestStore();
  await cache['cache.open']({ accountId: 'u1' });
  const server = fakeServer(total);
  const events = new CoreEvents();
  const changed = vi.fn();
  events.on('messages.changed', changed);
  const sync = new SyncEngine({ cache, request: server.request, events, pageSize, log: () => {} });
  return { cache, server, sync, changed };
}

const cursorOf = async (cache: Awaited<ReturnType<typeof setup>>['cache']) =>
  (await cache['cursors.list']({})).cursors.find((cursor) => cursor.conversationId === 'c1')?.seq ?? 0;

describe('SyncEngine', () => {
  it('pages catch-up until hasMore is false, advancing the cursor page by page', async () => {
    const { cache, server, sync, changed } = await setup(230);
    await sync.catchUp();
    expect(server.calls.map((call) => call.cursors[0]?.seq ?? 0)).toEqual([0, 50, 100, 150, 200]);
    expect(server.calls.every((call) => call.limit === 50)).toBe(true);
    expect(await cursorOf(cache)).toBe(230);
    expect((await cache['conversations.list']({})).conversations[0]?.lastMessage?.seq).toBe(230);
    expect(changed).toHaveBeenCalledWith({ conversationId: 'c1' });
  });

  it('never runs two catch-ups at once; asking during one runs one more', async () => {
    const { server, sync } = await setup(120);
    const runs = [sync.catchUp(), sync.catchUp(), sync.catchUp()];
    await Promise.all(runs);
    expect(server.maxConcurrent()).toBe(1);
    // 3 pages for the first run, then one more run that finds nothing new.
    expect(server.calls.map((call) => call.cursors[0]?.seq ?? 0)).toEqual([0, 50, 100, 120]);
  });

  it('applies live messages: next in line advances, a gap catches up, old ones are ignored', async () => {
    const { cache, server, sync } = await setup(5);
    await sync.catchUp();
    expect(await cursorOf(cache)).toBe(5);
    const calls = server.calls.length;

    await sync.receive(message('c1', 3)); // already held
    await sync.receive(message('c1', 6)); // next: cursor moves, no catch-up needed
    expect(await cursorOf(cache)).toBe(6);
    expect(server.calls.length).toBe(calls);

    await sync.receive(message('c1', 9)); // 7 and 8 were missed
    expect(await cursorOf(cache)).toBe(6);
    expect((await cache['messages.page']({ conversationId: 'c1', limit: 50 })).messages.at(-1)?.seq).toBe(9);
    await vi.waitFor(() => expect(server.calls.length).toBe(calls + 1));
    expect(server.calls.at(-1)?.cursors).toEqual([{ conversationId: 'c1', seq: 6 }]);
  });

  it('moves a cursor only over contiguous seqs', () => {
    const cursors = new Map([['c1', 2]]);
    const moved = advanceCursors(cursors, [message('c1', 4), message('c1', 3), message('c1', 6), message('c2', 1), message('c3', 2)]);
    expect(cursors.get('c1')).toBe(4);
    expect(cursors.get('c2')).toBe(1);
    expect(cursors.has('c3')).toBe(false);
    expect(moved).toEqual([{ conversationId: 'c1', seq: 4 }, { conversationId: 'c2', seq: 1 }]);
  });
});
