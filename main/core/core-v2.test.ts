import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from './testing/fixtures';
import { MiniServer } from './testing/mini-server';
import { createTestClient, type TestClient } from './testing/test-client';

/** Protocol v2 through the whole core: roaming, message operations, typing, presence. */
describe('MagpieCore v2 end to end (mini server)', () => {
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
    await Promise.all([ann.core.start(), bob.core.start()]);
    const annState = await ann.call('session.signUp', { username: 'ann', password: 'password-1', displayName: 'Ann' });
    const bobState = await bob.call('session.signUp', { username: 'bob', password: 'password-2', displayName: 'Bob' });
    if (annState.state !== 'signed-in' || bobState.state !== 'signed-in') throw new Error('sign-up failed');
    await online(ann);
    await online(bob);
    const { conversation } = await ann.call('conversations.openDirect', { userId: bobState.user.id });
    return { ann, bob, conversationId: conversation.id, annId: annState.user.id, bobId: bobState.user.id };
  }

  const online = (c: TestClient) => eventually(async () => expect((await c.call('connection.get', {})).status).toBe('online'));
  const seqsOf = async (c: TestClient, conversationId: string, beforeSeq?: number) =>
    (await c.call('messages.list', { conversationId, limit: 50, ...(beforeSeq ? { beforeSeq } : {}) })).messages.map((m) => m.seq);

  it('a second device gets recent history at bootstrap and roams older pages in from the server', async () => {
    const { ann, conversationId, annId } = await pair();
    server.seed(conversationId, annId, 130);
    const laptop = client();
    await laptop.core.start();
    await laptop.call('session.signIn', { username: 'ann', password: 'password-1' });
    await eventually(async () => expect(await seqsOf(laptop, conversationId)).toHaveLength(50));
    expect(server.methodLog).toContain('sync.bootstrap');
    const newest = await laptop.call('messages.list', { conversationId, limit: 50 });
    expect(newest.hasMore).toBe(true);
    expect(newest.messages.at(-1)?.seq).toBe(130);
    // The newest 20 came with the bootstrap; the rest of this page and the next came from history.
    const older = await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 81 });
    expect(older.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 31 + i));
    const oldest = await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 31 });
    expect(oldest).toMatchObject({ hasMore: false });
    expect(oldest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 1 + i));

    // Offline: what it holds, no error; history it never fetched is simply not there yet.
    await server.stop();
    await eventually(async () => expect((await laptop.call('connection.get', {})).status).not.toBe('online'));
    expect((await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 31 })).messages).toHaveLength(30);
    await expect(laptop.call('messages.recall', { conversationId, messageId: older.messages[0]!.id! })).rejects.toMatchObject({ code: 'client.offline' });
    await expect(ann.call('presence.get', { userIds: [annId] })).rejects.toMatchObject({ code: 'client.offline' });
  });

  it('edits, recalls, reactions and hides apply at once and reach the other side, also after it was away', async () => {
    const { ann, bob, conversationId, bobId } = await pair();
    for (const text of ['one', 'two', 'three', 'four']) await ann.call('messages.send', { conversationId, text });
    await eventually(async () => expect(await seqsOf(bob, conversationId)).toEqual([1, 2, 3, 4]));
    const sent = (await ann.call('messages.list', { conversationId, limit: 10 })).messages;

    const edited = await ann.call('messages.edit', { conversationId, messageId: sent[0]!.id!, text: 'one (edited)' });
    expect(edited.message).toMatchObject({ text: 'one (edited)', status: 'sent' });
    expect(edited.message.editedAt).not.toBeNull();
    await eventually(async () => expect((await bob.call('messages.list', { conversationId, limit: 10 })).messages[0]?.text).toBe('one (edited)'));

    await bob.core.stop(); // bob is away while ann recalls and reacts, and hides one on her side
    await ann.call('messages.recall', { conversationId, messageId: sent[1]!.id! });
    await ann.call('messages.react', { conversationId, messageId: sent[2]!.id!, emoji: '👍', on: true });
    await ann.call('messages.hide', { conversationId, messageId: sent[3]!.id! });
    const annView = (await ann.call('messages.list', { conversationId, limit: 10 })).messages;
    expect(annView.map((m) => [m.seq, m.text, m.recalled !== null, m.reactions.length])).toEqual([
      [1, 'one (edited)', false, 0],
      [2, '', true, 0],
      [3, 'three', false, 1],
    ]);
    expect((await ann.call('search.local', { query: 'two' })).results).toHaveLength(0);

    const back = client({ store: bob.store, secrets: bob.secrets });
    await back.core.start();
    await eventually(async () => {
      const view = (await back.call('messages.list', { conversationId, limit: 10 })).messages;
      expect(view.map((m) => [m.seq, m.text, m.recalled?.by ?? null, m.reactions])).toEqual([
        [1, 'one (edited)', null, []],
        [2, '', expect.any(String), []],
        [3, 'three', null, [{ emoji: '👍', userIds: [expect.any(String)] }]],
        [4, 'four', null, []],
      ]);
    });
    expect(bobId).toBeTruthy();
  });

  it('counts unread mentions and sends mentions and replies through the outbox', async () => {
    const { ann, bob, conversationId, bobId } = await pair();
    await ann.call('messages.send', { conversationId, text: 'plain' });
    await ann.call('messages.send', { conversationId, text: '@Bob look', mentions: [bobId] });
    await eventually(async () => expect((await bob.call('conversations.list', {})).conversations[0]).toMatchObject({ unreadCount: 2, unreadMentions: 1 }));
    const [first] = (await bob.call('messages.list', { conversationId, limit: 10 })).messages;
    const reply = await bob.call('messages.send', { conversationId, text: 'seen', replyToMessageId: first!.id! });
    expect(reply.message.replyTo).toMatchObject({ messageId: first!.id, preview: 'plain' });
    await eventually(async () => expect((await bob.call('conversations.list', {})).conversations[0]).toMatchObject({ unreadMentions: 0 }));
  });

  it('a new device counts unread mentions below its recent messages too, within the fill bound', async () => {
    const { bob, conversationId, annId, bobId } = await pair();
    // 130 unread for bob, mentioned at 5, 60 and 125: only the last is among the newest 20.
    server.seed(conversationId, annId, 130, undefined, (i) => ([5, 60, 125].includes(i) ? [bobId] : []));
    await bob.core.stop();
    const laptop = client();
    await laptop.core.start();
    await laptop.call('session.signIn', { username: 'bob', password: 'password-2' });
    await eventually(async () => expect((await laptop.call('conversations.list', {})).conversations.find((c) => c.id === conversationId)).toMatchObject({ unreadCount: 130, unreadMentions: 3 }));
    expect(server.methodLog.filter((m) => m === 'messages.history')).toHaveLength(2); // 110 unread below the recent 20: two pages
    // The fetched messages are held, so the timeline reads them locally from now on.
    await laptop.call('messages.list', { conversationId, limit: 50, beforeSeq: 60 });
    expect(server.methodLog.filter((m) => m === 'messages.history')).toHaveLength(2);
  });

  it('beyond the fill bound unread mentions count only what is held (a documented lower bound)', async () => {
    const { bob, conversationId, annId, bobId } = await pair();
    server.seed(conversationId, annId, 250, undefined, (i) => ([5, 240].includes(i) ? [bobId] : []));
    await bob.core.stop();
    const laptop = client();
    await laptop.core.start();
    await laptop.call('session.signIn', { username: 'bob', password: 'password-2' });
    await eventually(async () => expect((await laptop.call('conversations.list', {})).conversations[0]).toMatchObject({ unreadCount: 250, unreadMentions: 1 }));
    await laptop.core.stop(); // nothing more was fetched: the count stays a lower bound
    expect(server.methodLog).not.toContain('messages.history');
  });

  it('a profile change pushed live renames the member in every cached conversation', async () => {
    const { ann, bob, conversationId, annId } = await pair();
    await ann.call('messages.send', { conversationId, text: 'hello' });
    await eventually(async () => expect(await seqsOf(bob, conversationId)).toEqual([1]));
    const before = bob.events.length;
    server.updateProfile(annId, { displayName: 'Ann Li' });
    const annIn = async (c: TestClient) => (await c.call('conversations.get', { conversationId })).conversation.members.find((m) => m.id === annId);
    await eventually(async () => expect(await annIn(bob)).toMatchObject({ displayName: 'Ann Li', role: 'member' }));
    expect((await bob.call('conversations.list', {})).conversations[0]!.members.find((m) => m.id === annId)?.displayName).toBe('Ann Li');
    expect(bob.events.slice(before).map((e) => e.event)).toEqual(expect.arrayContaining(['users.changed', 'conversations.changed', 'messages.changed']));
    // Ann's own devices get it too, and it survives going offline (it is in the cache, not memory).
    await eventually(async () => expect(await annIn(ann)).toMatchObject({ displayName: 'Ann Li' }));
    await server.stop();
    await eventually(async () => expect((await bob.call('connection.get', {})).status).not.toBe('online'));
    expect(await annIn(bob)).toMatchObject({ displayName: 'Ann Li' });
  });

  it('shows who is typing and drops them when they stop', async () => {
    const { ann, bob, conversationId, annId } = await pair();
    await ann.call('typing.set', { conversationId, typing: true });
    await eventually(() => expect(bob.lastEvent('typing.changed')).toEqual({ conversationId, userIds: [annId] }));
    await ann.call('typing.set', { conversationId, typing: false });
    await eventually(() => expect(bob.lastEvent('typing.changed')).toEqual({ conversationId, userIds: [] }));
  });

  it('bootstraps again when its feed cursor expired, keeping what waits in the outbox', async () => {
    const { ann, bob, conversationId } = await pair();
    await ann.call('messages.send', { conversationId, text: 'before' });
    await eventually(async () => expect(await seqsOf(bob, conversationId)).toEqual([1]));
    await bob.core.stop();
    for (let i = 0; i < 5; i++) await ann.call('messages.send', { conversationId, text: `while away ${i}` });
    await eventually(async () => expect(await seqsOf(ann, conversationId)).toHaveLength(6));
    server.expireFeed();
    const back = client({ store: bob.store, secrets: bob.secrets });
    await back.core.start();
    await eventually(async () => expect(await seqsOf(back, conversationId)).toEqual([1, 2, 3, 4, 5, 6]));
    expect(server.methodLog.filter((m) => m === 'sync.bootstrap').length).toBeGreaterThanOrEqual(3);
  });
});
