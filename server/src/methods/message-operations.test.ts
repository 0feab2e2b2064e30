import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError, type MagpieError } from '../../../shared/errors';
import type { Message } from '../../../shared/protocol';
import { tusUpload } from '../files/testing-files';
import { checkRecall } from '../store/messaging-messages';
import { directPair, sendText, signedInClient, uniqueName, type SignedIn } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { describeEachStore } from '../test-stores';
import { isOneEmoji } from './messages';

async function failure(promise: Promise<unknown>): Promise<MagpieError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isMagpieError(error)) throw new Error(`expected a MagpieError, got ${String(error)}`);
  return error;
}
const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).code;

describe('recall rules (any clock)', () => {
  const base = { isSender: true, privileged: false, isGroup: true, createdAt: 1_000_000, windowMs: 120_000 };
  it('lets the sender recall within the window and not a millisecond after', () => {
    expect(() => checkRecall({ ...base, now: base.createdAt + 120_000 })).not.toThrow();
    const late = (() => { try { checkRecall({ ...base, now: base.createdAt + 120_001 }); return null; } catch (e) { return e as MagpieError; } })();
    expect([late?.code, late?.details]).toEqual(['message.recall_expired', { windowMs: 120_000 }]);
  });
  it('lets group owners and admins recall anything at any time, and nobody else', () => {
    expect(() => checkRecall({ ...base, isSender: false, privileged: true, now: base.createdAt + 10 ** 9 })).not.toThrow();
    expect(() => checkRecall({ ...base, isSender: false, now: base.createdAt })).toThrow(expect.objectContaining({ code: 'conversation.role_required' }));
    expect(() => checkRecall({ ...base, isSender: false, isGroup: false, now: base.createdAt })).toThrow(expect.objectContaining({ code: 'message.not_editable' }));
  });
  it('a zero window means senders cannot recall at all', () => {
    expect(() => checkRecall({ ...base, windowMs: 0, now: base.createdAt + 1 })).toThrow(expect.objectContaining({ code: 'message.recall_expired' }));
  });
});

describe('reaction emoji', () => {
  it('accepts one emoji, ZWJ sequences, flags and keycaps; refuses text and two emoji', () => {
    for (const ok of ['👍', '👍🏽', '👨‍👩‍👧', '🇨🇳', '1️⃣', '❤️']) expect(isOneEmoji(ok), ok).toBe(true);
    for (const bad of ['a', 'ok', '👍👍', ' ', '中']) expect(isOneEmoji(bad), bad).toBe(false);
  });
});

describeEachStore('message operations', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    // A short recall window, so the test can outlive it.
    server = await startTestServer({ store: kind, recallWindowMs: 1_500 });
  });
  afterAll(async () => {
    await server.close();
  });

  async function group(): Promise<{ owner: SignedIn; admin: SignedIn; member: SignedIn; conversationId: string; close(): Promise<void> }> {
    const [owner, admin, member] = await Promise.all(['owner', 'admin', 'member'].map((n) => signedInClient(server, n)));
    const { conversation } = await owner!.client.request('groups.create', { title: 'ops', memberIds: [admin!.session.user.id, member!.session.user.id] });
    await owner!.client.request('groups.setRole', { conversationId: conversation.id, userId: admin!.session.user.id, role: 'admin' });
    return { owner: owner!, admin: admin!, member: member!, conversationId: conversation.id, close: async () => { for (const p of [owner!, admin!, member!]) await p.client.close(); } };
  }
  const send = (who: SignedIn, conversationId: string, extra: Record<string, unknown>) =>
    who.client.request('messages.send', { conversationId, clientId: uniqueName('c'), text: 'x', ...extra } as never).then((r) => r.message as Message);

  describe('mentions', () => {
    it('keeps only active members, and @all only from the owner and admins', async () => {
      const g = await group();
      const outsider = await signedInClient(server, 'outsider');
      const m = await send(g.member, g.conversationId, { text: '@admin @outsider', mentions: [g.admin.session.user.id, outsider.session.user.id, g.admin.session.user.id] });
      expect(m.mentions).toEqual([g.admin.session.user.id]);
      const all = await failure(send(g.member, g.conversationId, { text: '@all', mentionsAll: true }));
      expect([all.code, all.details]).toEqual(['conversation.role_required', { required: 'admin' }]);
      expect((await send(g.admin, g.conversationId, { text: '@所有人', mentionsAll: true })).mentionsAll).toBe(true);
      await outsider.client.close();
      await g.close();
    });
  });

  describe('replies and recalls', () => {
    it('freezes the quoted message as a reply preview, and a recall blanks it everywhere, search included', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const original = await sendText(alice.client, conversation.id, 'the secret plan 计划');
      const reply = await send(bob, conversation.id, { text: 'agreed', replyToMessageId: original.id });
      expect(reply.replyTo).toEqual({ messageId: original.id, seq: original.seq, senderId: alice.session.user.id, kind: 'text', preview: 'the secret plan 计划' });
      expect((await bob.client.request('messages.search', { query: '计划', limit: 5 })).results).toHaveLength(1);
      const { message: tombstone } = await alice.client.request('messages.recall', { messageId: original.id });
      expect(tombstone).toMatchObject({ text: '', mentions: [], attachment: null, reactions: [], recalled: { by: alice.session.user.id } });
      const updated = await bob.client.nextEvent((e) => e.event === 'message.updated' && e.data.message.id === reply.id);
      expect(updated.event === 'message.updated' && updated.data.message.replyTo?.preview).toBe('');
      const history = await bob.client.request('messages.history', { conversationId: conversation.id, limit: 10 });
      expect(history.messages.find((m) => m.id === reply.id)?.replyTo?.preview).toBe('');
      expect((await bob.client.request('messages.search', { query: '计划', limit: 5 })).results).toEqual([]);
      // Recalling again is a no-op; replying to a recalled message is not possible.
      expect((await alice.client.request('messages.recall', { messageId: original.id })).message).toEqual(tombstone);
      expect(await codeOf(send(bob, conversation.id, { text: 'hm', replyToMessageId: original.id }))).toBe('message.not_found');
      for (const c of [alice.client, bob.client]) await c.close();
    });

    it('refuses a reply to a message of another conversation', async () => {
      const first = await directPair(server);
      const elsewhere = await sendText(first.alice.client, first.conversation.id, 'elsewhere');
      const second = await directPair(server);
      expect(await codeOf(send(second.alice, second.conversation.id, { replyToMessageId: elsewhere.id }))).toBe('message.not_found');
      for (const c of [first.alice.client, first.bob.client, second.alice.client, second.bob.client]) await c.close();
    });

    it('lets the sender recall only within the workspace window; group admins at any time', async () => {
      const g = await group();
      const early = await sendText(g.member.client, g.conversationId, 'oops');
      const late = await sendText(g.member.client, g.conversationId, 'kept');
      const ownerMsg = await sendText(g.owner.client, g.conversationId, 'owner says');
      await g.member.client.request('messages.recall', { messageId: early.id });
      expect(await codeOf(g.member.client.request('messages.recall', { messageId: ownerMsg.id }))).toBe('conversation.role_required');
      await new Promise((r) => setTimeout(r, 1_700));
      const expired = await failure(g.member.client.request('messages.recall', { messageId: late.id }));
      expect([expired.code, expired.details]).toEqual(['message.recall_expired', { windowMs: 1_500 }]);
      expect((await g.admin.client.request('messages.recall', { messageId: late.id })).message.recalled?.by).toBe(g.admin.session.user.id);
      await g.close();
    });
  });

  describe('editing', () => {
    it('lets the sender edit text and caption; never someone else’s, a recalled or a system message', async () => {
      const g = await group();
      const mine = await sendText(g.member.client, g.conversationId, 'tpyo');
      const { message } = await g.member.client.request('messages.edit', { messageId: mine.id, text: 'typo fixed', mentions: [g.owner.session.user.id] });
      expect(message).toMatchObject({ text: 'typo fixed', editedAt: expect.any(Number), mentions: [g.owner.session.user.id] });
      expect(message.rev).toBeGreaterThan(mine.rev);
      const pushed = await g.owner.client.nextEvent((e) => e.event === 'message.updated' && e.data.message.id === mine.id);
      expect(pushed.event === 'message.updated' && pushed.data.message.text).toBe('typo fixed');
      expect(await codeOf(g.owner.client.request('messages.edit', { messageId: mine.id, text: 'hijack' }))).toBe('message.not_editable');
      expect(await codeOf(g.member.client.request('messages.edit', { messageId: mine.id, text: '   ' }))).toBe('message.empty');
      const { messages } = await g.owner.client.request('messages.history', { conversationId: g.conversationId, limit: 50 });
      const notice = messages.find((m) => m.kind === 'system')!;
      expect(await codeOf(g.owner.client.request('messages.edit', { messageId: notice.id, text: 'x' }))).toBe('message.not_editable');
      await g.member.client.request('messages.recall', { messageId: mine.id });
      expect(await codeOf(g.member.client.request('messages.edit', { messageId: mine.id, text: 'back' }))).toBe('message.not_editable');
      expect((await g.owner.client.request('messages.search', { query: 'typo', limit: 5 })).results).toEqual([]);
      await g.close();
    });
  });

  describe('reactions', () => {
    it('groups reactions by emoji in first-use order, toggles each person once', async () => {
      const g = await group();
      const m = await sendText(g.member.client, g.conversationId, 'react to me');
      await g.owner.client.request('messages.react', { messageId: m.id, emoji: '🎉', on: true });
      await g.admin.client.request('messages.react', { messageId: m.id, emoji: '👍', on: true });
      await g.member.client.request('messages.react', { messageId: m.id, emoji: '🎉', on: true });
      const again = await g.owner.client.request('messages.react', { messageId: m.id, emoji: '🎉', on: true });
      expect(again.message.reactions).toEqual([
        { emoji: '🎉', userIds: [g.owner.session.user.id, g.member.session.user.id] },
        { emoji: '👍', userIds: [g.admin.session.user.id] },
      ]);
      const off = await g.admin.client.request('messages.react', { messageId: m.id, emoji: '👍', on: false });
      expect(off.message.reactions.map((r) => r.emoji)).toEqual(['🎉']);
      expect(await codeOf(g.admin.client.request('messages.react', { messageId: m.id, emoji: 'lol', on: true }))).toBe('validation.invalid');
      await g.close();
    });
  });

  describe('forwarding', () => {
    it('copies a message into every target, records where it came from, and is idempotent per clientId', async () => {
      const g = await group();
      const { conversation: direct } = await g.member.client.request('conversations.openDirect', { userId: g.owner.session.user.id });
      const source = await sendText(g.admin.client, g.conversationId, '转发这个 forward me');
      const targets = [{ conversationId: direct.id, clientId: uniqueName('f') }, { conversationId: g.conversationId, clientId: uniqueName('f') }];
      const { messages } = await g.member.client.request('messages.forward', { messageId: source.id, targets });
      expect(messages.map((m) => [m.conversationId, m.text, m.senderId])).toEqual([
        [direct.id, source.text, g.member.session.user.id], [g.conversationId, source.text, g.member.session.user.id],
      ]);
      expect(messages[0]!.forwardedFrom).toEqual({ senderId: g.admin.session.user.id, senderName: g.admin.session.user.displayName, createdAt: source.createdAt });
      const again = await g.member.client.request('messages.forward', { messageId: source.id, targets });
      expect(again.messages).toEqual(messages);
      // A forwarded copy forwarded again keeps the original author.
      const { messages: [copy] } = await g.owner.client.request('messages.forward', { messageId: messages[0]!.id, targets: [{ conversationId: g.conversationId, clientId: uniqueName('f') }] });
      expect(copy!.forwardedFrom?.senderId).toBe(g.admin.session.user.id);
      await g.close();
    });

    it('checks every target: all or none are sent', async () => {
      const g = await group();
      const stranger = await directPair(server);
      const source = await sendText(g.member.client, g.conversationId, 'only here');
      const before = (await g.member.client.request('conversations.get', { conversationId: g.conversationId })).conversation.lastSeq;
      const code = await codeOf(g.member.client.request('messages.forward', {
        messageId: source.id, targets: [{ conversationId: g.conversationId, clientId: uniqueName('f') }, { conversationId: stranger.conversation.id, clientId: uniqueName('f') }],
      }));
      expect(code).toBe('conversation.forbidden');
      expect((await g.member.client.request('conversations.get', { conversationId: g.conversationId })).conversation.lastSeq).toBe(before);
      expect(await codeOf(stranger.alice.client.request('messages.forward', { messageId: source.id, targets: [{ conversationId: stranger.conversation.id, clientId: 'x' }] }))).toBe('message.not_found');
      for (const c of [stranger.alice.client, stranger.bob.client]) await c.close();
      await g.close();
    });
  });

  describe('attachments', () => {
    it('sends an uploaded image as an image, a file as a file, and refuses mismatches and unreadable files', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } }).png().toBuffer();
      const { fileId } = await tusUpload(server.httpUrl, alice.session.token, png, { filename: 'red.png', contentType: 'image/png' });
      const image = await send(alice, conversation.id, { kind: 'image', text: '红色', fileId });
      expect(image.attachment).toMatchObject({ id: fileId, contentType: 'image/png', width: 40, height: 30, name: 'red.png' });
      const asFile = await send(alice, conversation.id, { kind: 'file', text: '', fileId });
      expect(asFile.attachment?.id).toBe(fileId);
      expect(await codeOf(send(alice, conversation.id, { kind: 'video', fileId }))).toBe('message.invalid_attachment');
      expect(await codeOf(send(alice, conversation.id, { kind: 'image' }))).toBe('message.invalid_attachment');
      expect(await codeOf(send(alice, conversation.id, { kind: 'text', text: 'hi', fileId }))).toBe('validation.invalid');
      // Someone who cannot read the file cannot attach it anywhere.
      const mallory = await signedInClient(server, 'mallory');
      const { conversation: theirs } = await mallory.client.request('conversations.openDirect', { userId: alice.session.user.id });
      const { fileId: private_ } = await tusUpload(server.httpUrl, bob.session.token, png, { filename: 'bob.png', contentType: 'image/png' });
      expect(await codeOf(send(mallory, theirs.id, { kind: 'image', fileId: private_ }))).toBe('file.not_found');
      // Bob can now read Alice's image (it is in their conversation), so he may forward it or reuse it.
      expect((await send(bob, conversation.id, { kind: 'image', fileId })).attachment?.id).toBe(fileId);
      // A recall removes the attachment from the message.
      expect((await alice.client.request('messages.recall', { messageId: image.id })).message.attachment).toBeNull();
      for (const c of [alice.client, bob.client, mallory.client]) await c.close();
    });

    it('needs a card for a card message', async () => {
      const { alice, bob, conversation } = await directPair(server);
      expect(await codeOf(send(alice, conversation.id, { kind: 'card', text: '' }))).toBe('validation.invalid');
      const card = await send(alice, conversation.id, { kind: 'card', text: '', card: { title: '部署完成', fields: [{ label: 'env', value: 'prod' }] } });
      expect(card.card).toMatchObject({ title: '部署完成', body: '', fields: [{ label: 'env', value: 'prod' }], actions: [], pluginId: null });
      for (const c of [alice.client, bob.client]) await c.close();
    });
  });
});
