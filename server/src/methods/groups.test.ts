import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError, type MagpieError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import type { Conversation, Message } from '../../../shared/protocol';
import { directPair, sendText, signedInClient, type SignedIn } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { describeEachStore, storedRows } from '../test-stores';
import { PostgresStore } from '../store/postgres-store';
import { SqliteStore } from '../store/sqlite-store';

describeEachStore('groups', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  async function failure(promise: Promise<unknown>): Promise<MagpieError> {
    const error = await promise.then(() => null, (e: unknown) => e);
    if (!isMagpieError(error)) throw new Error(`expected a MagpieError, got ${String(error)}`);
    return error;
  }
  const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).code;

  /** A group: owner, an admin, two plain members. */
  async function team(): Promise<{ owner: SignedIn; admin: SignedIn; member: SignedIn; other: SignedIn; group: Conversation; close(): Promise<void> }> {
    const [owner, admin, member, other] = await Promise.all(['owner', 'admin', 'member', 'other'].map((n) => signedInClient(server, n)));
    const { conversation } = await owner!.client.request('groups.create', {
      title: '设计组', memberIds: [admin!.session.user.id, member!.session.user.id, other!.session.user.id],
    });
    await owner!.client.request('groups.setRole', { conversationId: conversation.id, userId: admin!.session.user.id, role: 'admin' });
    return {
      owner: owner!, admin: admin!, member: member!, other: other!, group: conversation,
      close: async () => { for (const p of [owner!, admin!, member!, other!]) await p.client.close(); },
    };
  }
  const roleOf = (c: Conversation, who: SignedIn) => c.members.find((m) => m.id === who.session.user.id)?.role;
  const lastNotice = async (client: SignedIn, conversationId: string): Promise<Message> => {
    const { messages } = await client.client.request('messages.history', { conversationId, limit: 1 });
    return messages[0]!;
  };

  describe('creating and changing a group', () => {
    it('makes the creator owner, tells every member, and records a group.created notice', async () => {
      const t = await team();
      expect(t.group).toMatchObject({ kind: 'group', title: '设计组', state: 'active', historyVisible: true, lastSeq: 1, unreadCount: 0 });
      expect(roleOf(t.group, t.owner)).toBe('owner');
      const pushed = await t.member.client.nextEvent((e) => e.event === 'conversation.updated' && e.data.conversation.id === t.group.id);
      expect(pushed.event === 'conversation.updated' && pushed.data.conversation.members).toHaveLength(4);
      const { messages } = await t.member.client.request('messages.history', { conversationId: t.group.id, limit: 10 });
      expect(messages[0]).toMatchObject({ kind: 'system', text: '', senderId: t.owner.session.user.id, system: { type: 'group.created', value: '设计组' } });
      await t.close();
    });

    it('refuses unknown people and groups over the member limit', async () => {
      const me = await signedInClient(server, 'creator');
      expect(await codeOf(me.client.request('groups.create', { title: 'x', memberIds: ['nobody-has-this-id'] }))).toBe('user.not_found');
      // 500 accounts straight into the store (signing up each over the socket would take minutes).
      const store = kind === 'sqlite' ? SqliteStore.open(server.dataDir) : await PostgresStore.open(server.databaseUrl!, 2);
      const ids: string[] = [];
      try {
        for (let i = 0; i < LIMITS.maxGroupMembers; i++) ids.push((await store.createUser({ username: `crowd${i}-${me.session.user.id.slice(0, 6).toLowerCase()}`, displayName: `人${i}`, passwordHash: 'x' })).id);
      } finally {
        await store.close();
      }
      const per = LIMITS.maxInvitesPerRequest;
      const { conversation } = await me.client.request('groups.create', { title: 'big', memberIds: ids.slice(0, per - 1) });
      for (let from = per - 1; from < LIMITS.maxGroupMembers - 1; from += per) {
        await me.client.request('groups.addMembers', { conversationId: conversation.id, userIds: ids.slice(from, Math.min(from + per, LIMITS.maxGroupMembers - 1)) });
      }
      expect((await me.client.request('conversations.get', { conversationId: conversation.id })).conversation.members).toHaveLength(LIMITS.maxGroupMembers);
      const over = await failure(me.client.request('groups.addMembers', { conversationId: conversation.id, userIds: [ids[LIMITS.maxGroupMembers - 1]!] }));
      expect([over.code, over.details]).toEqual(['conversation.too_many_members', { max: LIMITS.maxGroupMembers }]);
      await me.client.close();
    });

    it('lets the owner and admins change the group, each field with its notice; members may not', async () => {
      const t = await team();
      const error = await failure(t.member.client.request('groups.update', { conversationId: t.group.id, title: 'Mine now' }));
      expect(error.code).toBe('conversation.role_required');
      expect(error.details).toEqual({ required: 'admin' });
      const { conversation } = await t.admin.client.request('groups.update', { conversationId: t.group.id, title: '新名字', announcement: '周五发布', allMuted: true });
      expect(conversation).toMatchObject({ title: '新名字', announcement: '周五发布', allMuted: true, lastSeq: 5 });
      const { messages } = await t.owner.client.request('messages.history', { conversationId: t.group.id, limit: 3 });
      expect(messages.map((m) => [m.system?.type, m.system?.value])).toEqual([
        ['group.renamed', '新名字'], ['group.announcement_changed', '周五发布'], ['group.all_muted', 'true'],
      ]);
      // Unchanged values write nothing.
      await t.admin.client.request('groups.update', { conversationId: t.group.id, title: '新名字' });
      expect((await t.owner.client.request('conversations.get', { conversationId: t.group.id })).conversation.lastSeq).toBe(5);
      await t.close();
    });

    it('answers group operations on a direct conversation with conversation.not_group', async () => {
      const { alice, bob, conversation } = await directPair(server);
      expect(await codeOf(alice.client.request('groups.update', { conversationId: conversation.id, title: 'x' }))).toBe('conversation.not_group');
      expect(await codeOf(alice.client.request('groups.leave', { conversationId: conversation.id }))).toBe('conversation.not_group');
      for (const c of [alice.client, bob.client]) await c.close();
    });
  });

  describe('members and roles', () => {
    it('lets any member invite; people already in are skipped; the notice names who joined', async () => {
      const t = await team();
      const guest = await signedInClient(server, 'guest');
      const { conversation } = await t.member.client.request('groups.addMembers', { conversationId: t.group.id, userIds: [guest.session.user.id, t.other.session.user.id] });
      expect(conversation.members).toHaveLength(5);
      const notice = await lastNotice(t.owner, t.group.id);
      expect(notice.system).toMatchObject({ type: 'member.joined', actorId: t.member.session.user.id, targetIds: [guest.session.user.id] });
      const again = await t.member.client.request('groups.addMembers', { conversationId: t.group.id, userIds: [guest.session.user.id] });
      expect(again.conversation.lastSeq).toBe(conversation.lastSeq);
      await guest.client.close();
      await t.close();
    });

    it('owner removes anyone, admins remove plain members only, nobody removes the owner', async () => {
      const t = await team();
      const admin2 = await signedInClient(server, 'admin2');
      await t.owner.client.request('groups.addMembers', { conversationId: t.group.id, userIds: [admin2.session.user.id] });
      await t.owner.client.request('groups.setRole', { conversationId: t.group.id, userId: admin2.session.user.id, role: 'admin' });
      const adminOnAdmin = await failure(t.admin.client.request('groups.removeMember', { conversationId: t.group.id, userId: admin2.session.user.id }));
      expect([adminOnAdmin.code, adminOnAdmin.details]).toEqual(['conversation.role_required', { required: 'owner' }]);
      expect(await codeOf(t.admin.client.request('groups.removeMember', { conversationId: t.group.id, userId: t.owner.session.user.id }))).toBe('conversation.role_required');
      expect(await codeOf(t.member.client.request('groups.removeMember', { conversationId: t.group.id, userId: t.other.session.user.id }))).toBe('conversation.role_required');
      await t.admin.client.request('groups.removeMember', { conversationId: t.group.id, userId: t.other.session.user.id });
      const { conversation } = await t.owner.client.request('groups.removeMember', { conversationId: t.group.id, userId: admin2.session.user.id });
      expect(conversation.members.map((m) => m.id).sort()).toEqual([t.owner, t.admin, t.member].map((p) => p.session.user.id).sort());
      const removed = await t.other.client.request('conversations.get', { conversationId: t.group.id });
      expect(removed.conversation).toMatchObject({ state: 'left', members: [] });
      expect(await codeOf(t.admin.client.request('groups.removeMember', { conversationId: t.group.id, userId: t.other.session.user.id }))).toBe('user.not_found');
      // The removal is in the audit log.
      const audit = await storedRows<{ action: string; target_id: string }>(server, 'SELECT action, target_id FROM audit_log WHERE target_id = ?', [t.other.session.user.id]);
      expect(audit.map((a) => a.action)).toContain('group.remove_member');
      await admin2.client.close();
      await t.close();
    });

    it('only the owner sets roles and transfers ownership; the old owner becomes admin', async () => {
      const t = await team();
      expect(await codeOf(t.admin.client.request('groups.setRole', { conversationId: t.group.id, userId: t.member.session.user.id, role: 'admin' }))).toBe('conversation.role_required');
      expect(await codeOf(t.admin.client.request('groups.transferOwnership', { conversationId: t.group.id, userId: t.admin.session.user.id }))).toBe('conversation.role_required');
      const { conversation } = await t.owner.client.request('groups.transferOwnership', { conversationId: t.group.id, userId: t.member.session.user.id });
      expect(roleOf(conversation, t.member)).toBe('owner');
      expect(roleOf(conversation, t.owner)).toBe('admin');
      expect((await lastNotice(t.owner, t.group.id)).system).toMatchObject({ type: 'owner.transferred', targetIds: [t.member.session.user.id] });
      await t.close();
    });

    it('the owner must transfer before leaving; a member who leaves is read-only', async () => {
      const t = await team();
      expect(await codeOf(t.owner.client.request('groups.leave', { conversationId: t.group.id }))).toBe('conversation.owner_must_transfer');
      await sendText(t.owner.client, t.group.id, 'before you go');
      await t.member.client.request('groups.leave', { conversationId: t.group.id });
      const { conversation } = await t.member.client.request('conversations.get', { conversationId: t.group.id });
      expect(conversation).toMatchObject({ state: 'left', lastSeq: 4 });
      expect(await codeOf(sendText(t.member.client, t.group.id, 'hi'))).toBe('conversation.inactive');
      expect(await codeOf(t.member.client.request('groups.addMembers', { conversationId: t.group.id, userIds: [t.member.session.user.id] }))).toBe('conversation.inactive');
      expect((await lastNotice(t.owner, t.group.id)).system).toMatchObject({ type: 'member.left', actorId: t.member.session.user.id });
      await t.close();
    });

    it('muted members, and plain members while all are muted, may read but not send', async () => {
      const t = await team();
      await t.admin.client.request('groups.muteMember', { conversationId: t.group.id, userId: t.member.session.user.id, muted: true });
      const muted = await failure(sendText(t.member.client, t.group.id, 'let me speak'));
      expect([muted.code, muted.details]).toEqual(['conversation.muted', { reason: 'member' }]);
      expect(await codeOf(t.member.client.request('typing.set', { conversationId: t.group.id, typing: true }))).toBe('conversation.muted');
      expect(await codeOf(t.member.client.request('groups.muteMember', { conversationId: t.group.id, userId: t.other.session.user.id, muted: true }))).toBe('conversation.role_required');
      await t.owner.client.request('groups.update', { conversationId: t.group.id, allMuted: true });
      expect(await codeOf(sendText(t.other.client, t.group.id, 'me neither?'))).toBe('conversation.muted');
      await sendText(t.admin.client, t.group.id, 'admins still can');
      await t.admin.client.request('groups.muteMember', { conversationId: t.group.id, userId: t.member.session.user.id, muted: false });
      await t.owner.client.request('groups.update', { conversationId: t.group.id, allMuted: false });
      await sendText(t.member.client, t.group.id, 'back');
      await t.close();
    });

    it('dissolving leaves every member read-only with state dissolved', async () => {
      const t = await team();
      expect(await codeOf(t.admin.client.request('groups.dissolve', { conversationId: t.group.id }))).toBe('conversation.role_required');
      await t.owner.client.request('groups.dissolve', { conversationId: t.group.id });
      for (const who of [t.owner, t.admin, t.member]) {
        const { conversation } = await who.client.request('conversations.get', { conversationId: t.group.id });
        expect(conversation).toMatchObject({ state: 'dissolved', members: [] });
        expect(await codeOf(sendText(who.client, t.group.id, 'hello?'))).toBe('conversation.inactive');
      }
      const pushed = await t.member.client.nextEvent((e) => e.event === 'conversation.updated' && e.data.conversation.state === 'dissolved');
      expect(pushed).toBeDefined();
      await t.close();
    });

    it('keeps each member’s own settings to themselves', async () => {
      const t = await team();
      const { conversation } = await t.member.client.request('conversations.updateSettings', { conversationId: t.group.id, pinned: true });
      expect(conversation.settings).toEqual({ muted: false, pinned: true });
      expect((await t.owner.client.request('conversations.get', { conversationId: t.group.id })).conversation.settings).toEqual({ muted: false, pinned: false });
      await t.close();
    });
  });
});
