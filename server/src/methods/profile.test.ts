import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../../../shared/protocol';
import { tusUpload } from '../files/testing-files';
import { secondSocket, signedInClient, type SignedIn } from '../test-fixtures';
import { describeEachStore } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { rejection } from './accounts-fixtures';

const userOf = (event: { data: unknown }) => (event.data as { user: User }).user;
const settle = () => new Promise((r) => setTimeout(r, 150));

describeEachStore('profiles', ({ kind }) => {
  let server: TestServer;
  let png: Buffer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c04020' } }).png().toBuffer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Me, my second device, a friend I share a conversation with, and a stranger. */
  async function circle() {
    const me = await signedInClient(server, 'me');
    const myTablet = await secondSocket(server, me.session);
    const friend = await signedInClient(server, 'friend');
    const stranger = await signedInClient(server, 'stranger');
    await me.client.request('conversations.openDirect', { userId: friend.session.user.id });
    await settle();
    for (const c of [me.client, myTablet, friend.client, stranger.client]) c.events.length = 0;
    return { me, myTablet, friend, stranger, all: [me.client, myTablet, friend.client, stranger.client] };
  }

  async function upload(who: SignedIn, bytes: Buffer, filename: string, contentType: string): Promise<string> {
    const { fileId } = await tusUpload(server.httpUrl, who.session.token, bytes, { filename, contentType });
    if (!fileId) throw new Error('the upload answered without a file id');
    return fileId;
  }

  it('renames the caller and tells exactly who shares a conversation with them, and their own devices', async () => {
    const { me, myTablet, friend, stranger, all } = await circle();
    const { user } = await me.client.request('profile.update', { displayName: '  王小明 Ming  ' });
    expect(user).toEqual({ ...me.session.user, displayName: '王小明 Ming' });
    for (const client of [myTablet, friend.client, me.client]) expect(userOf(await client.nextEvent('user.updated'))).toEqual(user);
    await settle();
    expect(stranger.client.events).toEqual([]);
    for (const client of all) expect(client.events.filter((e) => e.event === 'user.updated')).toEqual([]);
    // The new name is what everyone finds and what the caller's sessions now carry.
    expect((await stranger.client.request('users.search', { query: '小明', limit: 5 })).users.map((u) => u.id)).toEqual([user.id]);
    expect((await myTablet.request('sessions.list', {})).sessions).toHaveLength(1);
    for (const client of all) await client.close();
  });

  it('sets an avatar from an image the caller uploaded, and removes it with null', async () => {
    const { me, friend, all } = await circle();
    const fileId = await upload(me, png, 'me.png', 'image/png');
    const { user } = await me.client.request('profile.update', { avatarFileId: fileId });
    expect(user).toMatchObject({ id: me.session.user.id, avatarFileId: fileId, displayName: me.session.user.displayName });
    expect(userOf(await friend.client.nextEvent('user.updated')).avatarFileId).toBe(fileId);
    const cleared = await me.client.request('profile.update', { avatarFileId: null });
    expect(cleared.user.avatarFileId).toBeNull();
    expect(userOf(await friend.client.nextEvent('user.updated')).avatarFileId).toBeNull();
    for (const client of all) await client.close();
  });

  it('a device offline during a rename sees the new name and picture after catch-up, in each conversation it shares', async () => {
    const me = await signedInClient(server, 'me');
    const friend = await signedInClient(server, 'friend');
    const other = await signedInClient(server, 'other');
    const { conversation: direct } = await me.client.request('conversations.openDirect', { userId: friend.session.user.id });
    const { conversation: group } = await friend.client.request('groups.create', { title: '读书会', memberIds: [me.session.user.id] });
    const { conversation: left } = await friend.client.request('groups.create', { title: 'Old team', memberIds: [me.session.user.id, other.session.user.id] });
    await me.client.request('groups.leave', { conversationId: left.id });
    const laptop = await secondSocket(server, friend.session);
    const head = (await laptop.request('sync.bootstrap', {})).head;
    await laptop.close();

    const fileId = await upload(me, png, 'me.png', 'image/png');
    const { user } = await me.client.request('profile.update', { displayName: '新名字 New', avatarFileId: fileId });
    const back = await secondSocket(server, friend.session);
    const page = await back.request('sync.catchUp', { after: head, limit: 100 });
    // A group they left lists them no more: nothing to tell there.
    expect(page.conversations.map((c) => c.id).sort()).toEqual([direct.id, group.id].sort());
    for (const conversation of page.conversations) {
      expect(conversation.members.find((m) => m.id === user.id)).toMatchObject({ displayName: '新名字 New', avatarFileId: fileId });
      expect(conversation.rev).toBeGreaterThan(head);
    }
    expect(page.hasMore).toBe(false);
    for (const client of [me.client, friend.client, other.client, back]) await client.close();
  });

  it('refuses an avatar that is not an image of the caller’s own, changing nothing', async () => {
    const { me, friend, all } = await circle();
    const theirs = await upload(friend, png, 'friend.png', 'image/png');
    const text = await upload(me, Buffer.from('not a picture\n'), 'notes.txt', 'text/plain');
    const attempts = [
      [theirs, 'file.not_found'],
      ['no-such-file', 'file.not_found'],
      [text, 'file.type_not_allowed'],
    ] as const;
    for (const [avatarFileId, code] of attempts) {
      const error = await rejection(me.client.request('profile.update', { displayName: 'Changed', avatarFileId }));
      expect(error.code).toBe(code);
    }
    expect((await rejection(me.client.request('profile.update', { displayName: '   ' }))).code).toBe('validation.invalid');
    expect((await rejection(me.client.request('profile.update', { displayName: 'x'.repeat(65) }))).code).toBe('validation.invalid');
    await settle();
    expect(friend.client.events).toEqual([]);
    const stored = (await friend.client.request('users.get', { ids: [me.session.user.id] })).users[0];
    expect(stored).toMatchObject({ displayName: me.session.user.displayName, avatarFileId: null });
    for (const client of all) await client.close();
  });
});
