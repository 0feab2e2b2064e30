import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { directPair, secondSocket, sendText } from '../test-fixtures';
import { describeEachStore } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';

const RETENTION_MS = 1_500;

/**
 * MAGPIE_FEED_RETENTION_DAYS end to end: the server prunes on its own schedule, a device away for
 * longer is told `sync.cursor_expired`, and starting over with sync.bootstrap works.
 */
describeEachStore('feed retention over the socket', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind, feedRetentionDays: RETENTION_MS / 86_400_000 });
  });
  afterAll(async () => {
    await server.close();
  });

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));

  it('a device away longer than the retention starts over; one that stayed current does not', async () => {
    const { alice, bob, conversation } = await directPair(server);
    const laptop = await secondSocket(server, bob.session);
    const away = (await laptop.request('sync.bootstrap', {})).head;
    await sendText(alice.client, conversation.id, 'while the laptop sleeps');
    await new Promise((resolve) => setTimeout(resolve, RETENTION_MS + 200));
    await sendText(alice.client, conversation.id, 'later');
    const current = (await bob.client.request('sync.bootstrap', {})).head;

    await vi.waitFor(async () => expect(await codeOf(laptop.request('sync.catchUp', { after: away, limit: 50 }))).toBe('sync.cursor_expired'), { timeout: 5_000, interval: 100 });
    const page = await bob.client.request('sync.catchUp', { after: current, limit: 50 });
    expect([page.messages, page.hasMore]).toEqual([[], false]);

    const fresh = await laptop.request('sync.bootstrap', {});
    expect(fresh.messages.map((m) => m.text)).toEqual(['while the laptop sleeps', 'later']);
    expect(await codeOf(laptop.request('sync.catchUp', { after: fresh.head, limit: 50 }))).toBe('ok');
    for (const client of [alice.client, bob.client, laptop]) await client.close();
  });
});
