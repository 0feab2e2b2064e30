import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import { signedInClient, uniqueName, type SignedIn } from '../test-fixtures';
import { describeEachStore } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { tusUpload } from './testing-files';

/**
 * Who may read a file, through every route that serves one (content, thumbnail, info, and the
 * thumbnail's own id): anyone not allowed gets 404, exactly as for a file that does not exist.
 */
describeEachStore('who may read a file', (variant) => {
  let server: TestServer;
  let png: Buffer;

  beforeAll(async () => {
    server = await startTestServer({ store: variant.kind });
    png = await sharp({ create: { width: 500, height: 500, channels: 3, background: '#0a0' } }).png().toBuffer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const person = (prefix: string) => signedInClient(server, prefix);

  async function upload(by: SignedIn): Promise<{ id: string; thumbnailId: string }> {
    const { fileId } = await tusUpload(server.httpUrl, by.session.token, png, { filename: 'photo.png', contentType: 'image/png' });
    const res = await fetch(`${server.httpUrl}${FILE_ROUTES.info(fileId!)}`, { headers: { Authorization: `Bearer ${by.session.token}` } });
    const info = (await res.json()) as { thumbnailFileId: string };
    return { id: fileId!, thumbnailId: info.thumbnailFileId };
  }

  /** The status of every way of reading the file, which must all agree. */
  async function access(who: SignedIn, file: { id: string; thumbnailId: string }): Promise<number> {
    const urls = [FILE_ROUTES.content(file.id), FILE_ROUTES.thumbnail(file.id), FILE_ROUTES.info(file.id), FILE_ROUTES.content(file.thumbnailId)];
    const statuses = await Promise.all(urls.map(async (url) => {
      const res = await fetch(`${server.httpUrl}${url}`, { headers: { Authorization: `Bearer ${who.session.token}` } });
      await res.arrayBuffer();
      return res.status;
    }));
    expect(new Set(statuses).size, `${statuses}`).toBe(1);
    return statuses[0]!;
  }

  async function attach(by: SignedIn, conversationId: string, fileId: string) {
    return (await by.client.request('messages.send', { conversationId, clientId: uniqueName('c'), kind: 'image', text: '', fileId })).message;
  }

  it('the uploader may; a stranger gets 404, as for a file that does not exist', async () => {
    const [alice, mallory] = [await person('alice'), await person('mallory')];
    const file = await upload(alice);
    expect(await access(alice, file)).toBe(200);
    expect(await access(mallory, file)).toBe(404);
  });

  it('members of a conversation holding a message with the file may; others may not', async () => {
    const [alice, bob, mallory] = [await person('alice'), await person('bob'), await person('mallory')];
    const file = await upload(alice);
    const { conversation } = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
    expect(await access(bob, file)).toBe(404);
    await attach(alice, conversation.id, file.id);
    expect(await access(bob, file)).toBe(200);
    expect(await access(mallory, file)).toBe(404);
  });

  it('a recalled message grants nothing any more (the uploader keeps access)', async () => {
    const [alice, bob] = [await person('alice'), await person('bob')];
    const file = await upload(alice);
    const { conversation } = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
    const message = await attach(alice, conversation.id, file.id);
    expect(await access(bob, file)).toBe(200);
    await alice.client.request('messages.recall', { messageId: message.id });
    expect(await access(bob, file)).toBe(404);
    expect(await access(alice, file)).toBe(200);
  });

  it('a member who joined after the message, with history hidden, may not', async () => {
    const [owner, early, late] = [await person('owner'), await person('early'), await person('late')];
    const { conversation: group } = await owner.client.request('groups.create', { title: '设计组', memberIds: [early.session.user.id], historyVisible: false });
    const file = await upload(owner);
    await attach(owner, group.id, file.id);
    expect(await access(early, file)).toBe(200);
    await owner.client.request('groups.addMembers', { conversationId: group.id, userIds: [late.session.user.id] });
    expect(await access(late, file)).toBe(404);
  });

  it('a member who left or was removed keeps the files they could see, and gets none sent after', async () => {
    const [owner, leaver, removed] = [await person('owner'), await person('leaver'), await person('removed')];
    const { conversation: group } = await owner.client.request('groups.create', { title: '资料组', memberIds: [leaver.session.user.id, removed.session.user.id] });
    const [before, recalled] = [await upload(owner), await upload(owner)];
    await attach(owner, group.id, before.id);
    const message = await attach(owner, group.id, recalled.id);
    await leaver.client.request('groups.leave', { conversationId: group.id });
    await owner.client.request('groups.removeMember', { conversationId: group.id, userId: removed.session.user.id });
    const after = await upload(owner);
    await attach(owner, group.id, after.id);
    for (const gone of [leaver, removed]) {
      expect(await access(gone, before)).toBe(200);
      expect(await access(gone, recalled)).toBe(200);
      expect(await access(gone, after)).toBe(404);
    }
    // A recall reaches members who left too, and takes the file away from them as from everyone.
    await owner.client.request('messages.recall', { messageId: message.id });
    for (const gone of [leaver, removed]) expect(await access(gone, recalled)).toBe(404);
  });

  it('members of a dissolved group keep the files they held', async () => {
    const [owner, member] = [await person('owner'), await person('member')];
    const { conversation: group } = await owner.client.request('groups.create', { title: '解散组', memberIds: [member.session.user.id] });
    const kept = await upload(owner);
    await attach(owner, group.id, kept.id);
    await owner.client.request('groups.dissolve', { conversationId: group.id });
    expect(await access(member, kept)).toBe(200);
  });

  it('a forwarded copy grants the members of the conversation it was forwarded to', async () => {
    const [alice, bob, carol] = [await person('alice'), await person('bob'), await person('carol')];
    const file = await upload(alice);
    const { conversation: ab } = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
    const { conversation: bc } = await bob.client.request('conversations.openDirect', { userId: carol.session.user.id });
    const message = await attach(alice, ab.id, file.id);
    expect(await access(carol, file)).toBe(404);
    await bob.client.request('messages.forward', { messageId: message.id, targets: [{ conversationId: bc.id, clientId: uniqueName('f') }] });
    expect(await access(carol, file)).toBe(200);
  });

  it('a user\'s avatar is readable by anyone signed in', async () => {
    const [alice, stranger] = [await person('alice'), await person('stranger')];
    const file = await upload(alice);
    expect(await access(stranger, file)).toBe(404);
    await alice.client.request('profile.update', { avatarFileId: file.id });
    expect(await access(stranger, file)).toBe(200);
    await alice.client.request('profile.update', { avatarFileId: null });
    expect(await access(stranger, file)).toBe(404);
  });

  it('a group avatar is readable by the group\'s members only', async () => {
    const [owner, member, outsider] = [await person('owner'), await person('member'), await person('outsider')];
    const { conversation: group } = await owner.client.request('groups.create', { title: '头像组', memberIds: [member.session.user.id] });
    const file = await upload(owner);
    await owner.client.request('groups.update', { conversationId: group.id, avatarFileId: file.id });
    expect(await access(member, file)).toBe(200);
    expect(await access(outsider, file)).toBe(404);
  });
});
