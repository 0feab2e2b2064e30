import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { isMagpieError } from '../../shared/errors';
import { PROTOCOL_VERSION, type Message } from '../../shared/protocol';
import { DEMO_PASSWORD } from './demo';
import { directPair, sendText, uniqueName } from './test-fixtures';
import { startTestServer, type TestServer } from './testing';
import { TestClient } from './testing-client';
import { describeEachStore } from './test-stores';

describeEachStore('lifecycle', ({ kind }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  describe('server lifecycle', () => {
    it('keeps accounts, sessions and messages across a restart on the same port', async () => {
      server = await startTestServer({ store: kind });
      const { alice, bob, conversation } = await directPair(server);
      await sendText(alice.client, conversation.id, 'before the outage');
      const oldUrl = server.socketUrl;
      await server.restart();
      expect(server.socketUrl).toBe(oldUrl);
      await expect(alice.client.closed).resolves.toMatchObject({ code: 1001, reason: 'server shutting down' });

      const back = await TestClient.connect(server.socketUrl);
      await back.request('auth.resume', { token: bob.session.token });
      const history = await back.request('messages.history', { conversationId: conversation.id, limit: 10 });
      expect(history.messages.map((m) => m.text)).toEqual(['before the outage']);
      const next = await sendText(back, conversation.id, 'after the outage');
      expect(next.seq).toBe(2);
      await back.close();
    });

    it('loses no accepted message when it shuts down in the middle of a burst of sends', async () => {
      server = await startTestServer({ store: kind });
      const { alice, conversation } = await directPair(server);
      const send = (i: number) =>
        alice.client
          .request('messages.send', { conversationId: conversation.id, clientId: `burst-${i}`, text: `burst ${i}` })
          .then((r) => r.message, (e: unknown) => (isMagpieError(e) ? e.code : 'other'));
      const results = Array.from({ length: 150 }, (_, i) => send(i));
      await results[20]; // some are answered, many are still queued or on the wire
      const stopping = server.stop();
      for (let i = 150; i < 200; i++) results.push(send(i)); // arrive while the server is draining
      await stopping;
      const outcomes = await Promise.all(results);
      const accepted = outcomes.filter((o): o is Message => typeof o !== 'string');
      const refused = outcomes.filter((o) => typeof o === 'string');
      expect(refused.every((code) => code === 'server.unavailable' || code === 'client.offline')).toBe(true);
      expect(refused.length).toBeGreaterThan(0);
      expect(accepted.length).toBeGreaterThan(20);

      await server.start();
      const client = await TestClient.connect(server.socketUrl);
      await client.request('auth.resume', { token: alice.session.token });
      const stored = await client.request('sync.catchUp', { after: 0, limit: 500 });
      const storedIds = new Set(stored.messages.map((m) => m.id));
      for (const message of accepted) expect(storedIds.has(message.id)).toBe(true);
      // and the stored seqs are still gap-free
      expect(stored.messages.map((m) => m.seq)).toEqual(stored.messages.map((_, i) => i + 1));
      await client.close();
    });

    it('answers /healthz and /readyz as JSON, and typed JSON errors for unknown routes', async () => {
      server = await startTestServer({ store: kind });
      const health = await fetch(`${server.httpUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', protocolVersion: PROTOCOL_VERSION });
      const ready = await fetch(`${server.httpUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const missing = await fetch(`${server.httpUrl}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    });

    it('seeds the demo workspace into an empty store only', async () => {
      server = await startTestServer({ store: kind, demo: true });
      const client = await TestClient.connect(server.socketUrl);
      const { session } = await client.request('auth.signIn', { username: 'alice', password: DEMO_PASSWORD });
      expect(session.user.displayName).toBe('爱丽丝 Alice');
      const { conversations } = await client.request('conversations.list', {});
      // A direct conversation with bob and a group with bob and chen, both with messages.
      expect(conversations.map((c) => c.kind).sort()).toEqual(['direct', 'group']);
      expect(conversations.every((c) => c.lastSeq > 0)).toBe(true);
      const found = await client.request('users.search', { query: '王', limit: 5 });
      expect(found.users.map((u) => u.username)).toEqual(['bob']);
      await client.close();
      await server.restart(); // not seeded twice
      const again = await TestClient.connect(server.socketUrl);
      await again.request('auth.signIn', { username: 'alice', password: DEMO_PASSWORD });
      expect((await again.request('conversations.list', {})).conversations.map((c) => c.lastSeq)).toEqual(conversations.map((c) => c.lastSeq));
      await again.close();
    });
  });

  describe('heartbeat', () => {
    it('drops a socket that stops answering pings, and keeps one that answers', async () => {
      server = await startTestServer({ store: kind, heartbeatIntervalMs: 100 });
      const silent = new WebSocket(server.socketUrl, { autoPong: false });
      const silentClosed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
      await new Promise((resolve) => silent.once('open', resolve));
      const healthy = await TestClient.connect(server.socketUrl);
      expect(await silentClosed).toBe(1006); // terminated, no close handshake
      await expect(healthy.request('system.ping', {})).resolves.toHaveProperty('serverTime');
      await healthy.close();
    });
  });

  describe('rate limits', () => {
    it('trips on repeated sign-in attempts for one username and says when to retry', async () => {
      server = await startTestServer({ store: kind, rateLimits: { authPerMinute: 3 } });
      const client = await TestClient.connect(server.socketUrl);
      const username = uniqueName('target');
      const codes: string[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push(await client.request('auth.signIn', { username, password: 'guess guess' }).then(() => 'ok', (e: MagpieErrorLike) => e.code));
      }
      expect(codes).toEqual(['auth.invalid_credentials', 'auth.invalid_credentials', 'auth.invalid_credentials', 'rate.limited', 'rate.limited']);
      const error = await client.request('auth.signIn', { username, password: 'guess guess' }).catch((e: unknown) => e);
      expect(isMagpieError(error, 'rate.limited') && Number(error.details?.retryAfterMs)).toBeGreaterThan(0);
      // another username from the same place is not blocked
      const other = await client.request('auth.signIn', { username: uniqueName('other'), password: 'guess guess' }).catch((e: MagpieErrorLike) => e.code);
      expect(other).toBe('auth.invalid_credentials');
      await client.close();
    });

    it('trips on a user sending faster than the configured burst', async () => {
      server = await startTestServer({ store: kind, rateLimits: { sendBurst: 5, sendPerSecond: 0.1 } });
      const { alice, bob, conversation } = await directPair(server);
      const codes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => sendText(alice.client, conversation.id, `m${i}`).then(() => 'ok', (e: MagpieErrorLike) => e.code)),
      );
      expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
      expect(codes.filter((c) => c === 'rate.limited')).toHaveLength(3);
      await expect(sendText(bob.client, conversation.id, 'bob has his own bucket')).resolves.toMatchObject({ seq: 6 });
      await alice.client.close();
      await bob.client.close();
    });

    it('does not trip with the default limits when a script sends 150 messages at once', async () => {
      server = await startTestServer({ store: kind, rateLimits: { authPerMinute: 10, sendBurst: 300, sendPerSecond: 50 } });
      const { alice, conversation } = await directPair(server);
      const sent = await Promise.all(Array.from({ length: 150 }, (_, i) => sendText(alice.client, conversation.id, `fast ${i}`)));
      expect(sent).toHaveLength(150);
      await alice.client.close();
    });
  });

  type MagpieErrorLike = { code: string };
});
