import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from './testing/fixtures';
import { MiniServer } from './testing/mini-server';
import { createTestClient, type TestClient } from './testing/test-client';

/** The whole core against a small in-memory server: the wiring, not the server, is under test. */
describe('MagpieCore end to end (mini server)', () => {
  let server: MiniServer;
  const clients: TestClient[] = [];
  const client = (options: Partial<Parameters<typeof createTestClient>[0]> = {}) => {
    const created = createTestClient({ serverUrl: server.url, ...options });
    clients.push(created);
    return created;
  };

  beforeEach(async () => {
    server = new MiniServer();
    await server.start();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.core.stop();
    await server.stop();
  });

  async function pair() {
    const ann = client();
    const bob = client();
    await ann.core.start();
    await bob.core.start();
    const annState = await ann.call('session.signUp', { username: 'ann', password: 'password-1', displayName: 'Ann' });
    const bobState = await bob.call('session.signUp', { username: 'bob', password: 'password-2', displayName: 'Bob' });
    if (annState.state !== 'signed-in' || bobState.state !== 'signed-in') throw new Error('sign-up failed');
    const { conversation } = await ann.call('conversations.openDirect', { userId: bobState.user.id });
    return { ann, bob, conversationId: conversation.id };
  }

  it('signs up, opens a conversation and exchanges messages both ways', async () => {
    const { ann, bob, conversationId } = await pair();
    const sent = await ann.call('messages.send', { conversationId, text: 'hi bob' });
    expect(sent.message).toMatchObject({ status: 'sending', seq: null });
    await eventually(async () => expect(await bob.texts(conversationId)).toEqual(['hi bob|sent']));
    await bob.call('messages.send', { conversationId, text: 'hi ann' });
    await eventually(async () => expect(await ann.texts(conversationId)).toEqual(['hi bob|sent', 'hi ann|sent']));
    const { conversations } = await bob.call('conversations.list', {});
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.lastMessage?.text).toBe('hi ann');
  });

  it('sends what was typed while the server was down, once, after it comes back', async () => {
    const { ann, bob, conversationId } = await pair();
    await server.stop();
    await eventually(() => expect(ann.core.invoke('connection.get', {})).resolves.toMatchObject({ value: { status: 'retrying' } }));
    await ann.call('messages.send', { conversationId, text: 'one' });
    await ann.call('messages.send', { conversationId, text: 'two' });
    expect(await ann.texts(conversationId)).toEqual(['one|sending', 'two|sending']);
    await expect(ann.call('users.search', { query: 'b' })).rejects.toMatchObject({ code: 'client.offline' });

    await server.start();
    ann.core.networkOnline();
    bob.core.networkOnline();
    await eventually(async () => expect(await bob.texts(conversationId)).toEqual(['one|sent', 'two|sent']));
    await eventually(async () => expect(await ann.texts(conversationId)).toEqual(['one|sent', 'two|sent']));
    expect(new Set(server.sendLog).size).toBe(2);
  });

  it('restores the session after a restart and flushes the outbox left behind', async () => {
    const { ann, bob, conversationId } = await pair();
    await server.stop();
    await ann.call('messages.send', { conversationId, text: 'written before quitting' });
    await ann.core.stop();

    await server.start();
    const again = client({ store: ann.store, secrets: ann.secrets });
    await again.core.start();
    expect(await again.call('session.get', {})).toMatchObject({ state: 'signed-in', user: { username: 'ann' } });
    bob.core.networkOnline();
    await eventually(async () => expect(await bob.texts(conversationId)).toEqual(['written before quitting|sent']));
    await eventually(async () => expect(await again.texts(conversationId)).toEqual(['written before quitting|sent']));
  });

  it('starts without a cache host and gets going once one attaches', async () => {
    const { ann, bob, conversationId } = await pair();
    await ann.call('messages.send', { conversationId, text: 'before' });
    await eventually(async () => expect(await bob.texts(conversationId)).toEqual(['before|sent']));
    await bob.core.stop();

    const later = client({ store: bob.store, secrets: bob.secrets, noHostYet: true });
    await later.core.start(); // must not wait for the cache host
    expect(await later.call('session.get', {})).toMatchObject({ state: 'signed-in', user: { username: 'bob' } });
    const reply = later.call('messages.send', { conversationId, text: 'typed before the host came' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await later.call('connection.get', {})).toMatchObject({ status: 'signed-out' });
    later.rpc.attachHost();
    expect((await reply).message.status).toBe('sending');
    await eventually(async () => expect(await ann.texts(conversationId)).toEqual(['before|sent', 'typed before the host came|sent']));
  });

  it('catches up on what it missed while its socket was cut', async () => {
    const { ann, bob, conversationId } = await pair();
    bob.cutSocket();
    for (let i = 1; i <= 30; i++) await ann.call('messages.send', { conversationId, text: `m${i}` });
    await eventually(async () => expect(await bob.texts(conversationId)).toHaveLength(30));
    expect(await bob.texts(conversationId)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i + 1}|sent`));
  });

  it('signs out: clears the secret, and with wipeCache the local data', async () => {
    const { ann, conversationId } = await pair();
    await ann.call('messages.send', { conversationId, text: 'bye' });
    await eventually(async () => expect(await ann.texts(conversationId)).toEqual(['bye|sent']));
    expect(await ann.call('session.signOut', { wipeCache: true })).toMatchObject({ state: 'signed-out' });
    expect(ann.secrets.value).toBeNull();
    expect(await ann.call('connection.get', {})).toMatchObject({ status: 'signed-out' });
    await expect(ann.call('messages.list', { conversationId })).rejects.toMatchObject({ code: 'auth.required' });
    await ann.call('session.signIn', { username: 'ann', password: 'password-1' });
    await eventually(async () => expect(await ann.texts(conversationId)).toEqual(['bye|sent']));
  });

  it('signs out when the token no longer resumes, or the server ends the session', async () => {
    const { ann, bob } = await pair();
    server.revokeAllSessions();
    ann.cutSocket();
    await eventually(async () => expect(await ann.call('session.get', {})).toMatchObject({ state: 'signed-out' }));
    expect(ann.secrets.value).toBeNull();
    expect(ann.lastEvent('connection.changed')).toMatchObject({ status: 'signed-out' });

    const bobId = ((await bob.call('session.get', {})) as { user: { id: string } }).user.id;
    server.endSessions(bobId);
    await eventually(async () => expect(await bob.call('session.get', {})).toMatchObject({ state: 'signed-out' }));
    expect(bob.secrets.value).toBeNull();
  });

  it('answers bad requests with typed errors', async () => {
    const ann = client();
    await ann.core.start();
    expect(await ann.core.invoke('messages.send', { conversationId: 'c1' })).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
    expect(await ann.core.invoke('nope' as never, {})).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
    expect(await ann.core.invoke('conversations.list', {})).toMatchObject({ ok: false, error: { code: 'auth.required' } });
    expect(await ann.core.invoke('app.info', {})).toMatchObject({ ok: true, value: { shell: 'browser', version: '0.0.0-test' } });
    expect(await ann.core.invoke('session.signIn', { username: 'nobody', password: 'whatever1' })).toMatchObject({ ok: false, error: { code: 'auth.invalid_credentials' } });
  });
});
