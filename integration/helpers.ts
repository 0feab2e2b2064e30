import { expect } from 'vitest';
import { startTestServer, type TestServer, type TestStoreKind } from '../server/src/testing';
import { createTestClient, type TestClient } from '../main/core/testing/test-client';
import { eventually } from '../main/core/testing/fixtures';

export { eventually };

/** One real server and the cores a test makes against it; `dispose` cleans both up. */
export async function createWorld(store: TestStoreKind = 'sqlite') {
  const server: TestServer = await startTestServer({ store });
  const clients: TestClient[] = [];
  const world = {
    server,
    client(options: Partial<Parameters<typeof createTestClient>[0]> = {}) {
      const created = createTestClient({ serverUrl: server.httpUrl, ...options });
      clients.push(created);
      return created;
    },
    /** Two signed-up users (own core, own cache each) and a direct conversation between them. */
    async pair() {
      const ann = world.client();
      const bob = world.client();
      await Promise.all([ann.core.start(), bob.core.start()]);
      const annState = await ann.call('session.signUp', { username: 'ann', password: 'password-ann', displayName: 'Ann' });
      const bobState = await bob.call('session.signUp', { username: 'bob', password: 'password-bob', displayName: 'Bob' });
      if (annState.state !== 'signed-in' || bobState.state !== 'signed-in') throw new Error('sign-up did not sign in');
      await Promise.all([waitOnline(ann), waitOnline(bob)]);
      const { conversation } = await ann.call('conversations.openDirect', { userId: bobState.user.id });
      return { ann, bob, conversationId: conversation.id, annId: annState.user.id, bobId: bobState.user.id };
    },
    async dispose() {
      for (const c of clients.splice(0)) await c.core.stop();
      await server.close();
    },
  };
  return world;
}

/** The store kinds a suite runs on: the embedded one always, PostgreSQL when a test cluster is set. */
export const STORE_KINDS: TestStoreKind[] = process.env.MAGPIE_TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export async function waitOnline(client: TestClient, timeoutMs = 10_000): Promise<void> {
  await eventually(async () => expect(await client.call('connection.get', {})).toMatchObject({ status: 'online' }), timeoutMs);
}

/**
 * The whole cached timeline of a conversation, checked for what sync promises: seqs 1..n with no
 * hole and no duplicate, every client id once. Returns the texts in order.
 */
export async function cachedTimeline(client: TestClient, conversationId: string): Promise<string[]> {
  const texts: string[] = [];
  const seqs: number[] = [];
  const clientIds = new Set<string>();
  let beforeSeq: number | undefined;
  for (;;) {
    const request: { conversationId: string; limit: number; beforeSeq?: number } = { conversationId, limit: 500 };
    if (beforeSeq !== undefined) request.beforeSeq = beforeSeq;
    const page = await client.call('messages.list', request);
    const sent = page.messages.filter((message) => message.status === 'sent');
    texts.unshift(...sent.map((message) => message.text));
    seqs.unshift(...sent.map((message) => message.seq!));
    for (const message of sent) clientIds.add(message.clientId);
    if (!page.hasMore || sent.length === 0) break;
    beforeSeq = sent[0]!.seq!;
  }
  expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  expect(clientIds.size).toBe(seqs.length);
  return texts;
}

/** Messages still waiting in the outbox (shown as sending or failed). */
export async function unsent(client: TestClient, conversationId: string): Promise<string[]> {
  const page = await client.call('messages.list', { conversationId, limit: 1 });
  return page.messages.filter((message) => message.status !== 'sent').map((message) => `${message.text}|${message.status}`);
}
