import { DEFAULT_APP_SETTINGS, type AppSettings, type ConversationSummary } from '../../shared/ipc';
import { MagpieError } from '../../shared/errors';
import { LIMITS } from '../../shared/limits';
import {
  ConversationSchema,
  type Conversation,
  type DeviceSession,
  type Member,
  type MemberRole,
  type MemberSettings,
  type MembershipState,
  type Presence,
  type SystemEvent,
  type User,
} from '../../shared/protocol/entities';
import type { AuditEntry, WorkspaceSettings } from '../../shared/protocol/methods';
import type { FakeBridge, Handlers } from './fake-bridge';

/**
 * What the group, account, admin, presence and settings fakes keep: the server's rules for roles
 * (shared/protocol/methods) enforced the same way, so the UI's role checks meet a real refusal.
 */
export interface GroupOpsState {
  /** The caller's own pin and mute, by `conversationId:userId`. */
  settings: Map<string, MemberSettings>;
  /** Members who left or were removed, or whose group was dissolved, by `conversationId:userId`. */
  departed: Map<string, Exclude<MembershipState, 'active'>>;
  presence: Map<string, Presence>;
  appSettings: AppSettings;
  /** The signed-in user's devices; the first is this one. */
  sessions: DeviceSession[];
  workspace: WorkspaceSettings;
  audit: AuditEntry[];
  /** Every app.setView call, in order. */
  views: { conversationId: string | null; focused: boolean }[];
}

export function newGroupOpsState(): GroupOpsState {
  return {
    settings: new Map(),
    departed: new Map(),
    presence: new Map(),
    appSettings: structuredClone(DEFAULT_APP_SETTINGS),
    sessions: [{ id: 'sess-this', deviceName: 'Browser shell on Linux', createdAt: Date.now() - 86_400_000, lastSeenAt: Date.now(), current: true }],
    workspace: { signup: 'open', recallWindowMs: LIMITS.defaultRecallWindowMs },
    audit: [],
    views: [],
  };
}

const key = (conversationId: string, userId: string) => `${conversationId}:${userId}`;
const asMember = (user: User, role: MemberRole = 'member'): Member => ({ ...user, role, muted: false });

/** A group as the server would create it (owner first), with its `group.created` event. */
export function addGroup(bridge: FakeBridge, owner: User, title: string, others: User[], extra: Partial<Conversation> = {}): Conversation {
  const conversation = ConversationSchema.parse({
    id: `g-${bridge.nextNumber()}`,
    kind: 'group',
    title,
    members: [asMember(owner, 'owner'), ...others.map((u) => asMember(u))],
    lastSeq: 0,
    createdAt: Date.now(),
    ...extra,
  });
  bridge.putConversation(conversation);
  systemMessage(bridge, conversation, owner.id, { type: 'group.created' });
  return conversation;
}

function systemMessage(bridge: FakeBridge, conversation: Conversation, actorId: string, event: Partial<SystemEvent> & Pick<SystemEvent, 'type'>): void {
  const actor = bridge.userById(actorId)!;
  bridge.addMessage(conversation.id, actor, '', { kind: 'system', system: { actorId, targetIds: [], value: '', ...event } });
}

/** The conversation as `me` sees it: their state and settings; a departed member sees it frozen. */
export function viewOf(bridge: FakeBridge, conversation: Conversation, me: User): Conversation {
  const departed = bridge.groupOps.departed.get(key(conversation.id, me.id));
  const settings = bridge.groupOps.settings.get(key(conversation.id, me.id)) ?? { muted: false, pinned: false };
  return { ...conversation, state: departed ?? 'active', settings, members: departed === 'dissolved' ? [] : conversation.members };
}

function visibleTo(bridge: FakeBridge, conversation: Conversation, me: User): boolean {
  return conversation.members.some((m) => m.id === me.id) || bridge.groupOps.departed.has(key(conversation.id, me.id));
}

export function summaryOf(bridge: FakeBridge, conversation: Conversation, me: User): ConversationSummary {
  const view = viewOf(bridge, conversation, me);
  const lastMessage = bridge.visibleMessagesOf(conversation.id).at(-1) ?? null;
  return { ...view, ...bridge.readStateFor(conversation, me), lastMessage, unreadMentions: 0 };
}

export function listFor(bridge: FakeBridge, me: User): ConversationSummary[] {
  return bridge
    .allConversations()
    .filter((c) => visibleTo(bridge, c, me))
    .map((c) => summaryOf(bridge, c, me));
}

function group(bridge: FakeBridge, conversationId: string): { conversation: Conversation; me: User; mine: Member } {
  const conversation = bridge.conversationById(conversationId);
  const me = bridge.me();
  if (!conversation || !visibleTo(bridge, conversation, me)) throw new MagpieError('conversation.not_found', conversationId);
  if (conversation.kind !== 'group') throw new MagpieError('conversation.not_group', conversationId);
  const mine = conversation.members.find((m) => m.id === me.id);
  if (!mine) throw new MagpieError('conversation.inactive', conversationId);
  return { conversation, me, mine };
}

function requireRole(mine: Member, lowest: 'owner' | 'admin'): void {
  if (mine.role === 'owner' || (lowest === 'admin' && mine.role === 'admin')) return;
  throw new MagpieError('conversation.role_required', `needs ${lowest}`, { required: lowest });
}

/** Owners act on anyone else; admins on plain members (removeMember, muteMember). */
function requireOutranks(mine: Member, target: Member): void {
  requireRole(mine, 'admin');
  if (target.id === mine.id || (mine.role === 'admin' && target.role !== 'member')) {
    throw new MagpieError('conversation.role_required', 'cannot act on this member', { required: 'owner' });
  }
}

function memberOf(conversation: Conversation, userId: string): Member {
  const target = conversation.members.find((m) => m.id === userId);
  if (!target) throw new MagpieError('user.not_found', userId);
  return target;
}

function changed(bridge: FakeBridge, conversation: Conversation) {
  bridge.emit('conversations.changed', {});
  return { conversation: viewOf(bridge, conversation, bridge.me()) };
}

function requireAdmin(bridge: FakeBridge): User {
  const me = bridge.me();
  if (!me.isAdmin) throw new MagpieError('auth.admin_required', 'workspace admins only');
  return me;
}

function audit(bridge: FakeBridge, action: string, targetId: string | null, detail = ''): void {
  const entries = bridge.groupOps.audit;
  entries.unshift({ id: entries.length + 1, at: Date.now(), actorId: bridge.me().id, action, targetId, detail });
}

export function fakeGroupOps(bridge: FakeBridge): Partial<Handlers> {
  const s = () => bridge.groupOps;
  return {
    'conversations.get': ({ conversationId }) => {
      const conversation = bridge.conversationById(conversationId);
      if (!conversation || !visibleTo(bridge, conversation, bridge.me())) throw new MagpieError('conversation.not_found', conversationId);
      return { conversation: summaryOf(bridge, conversation, bridge.me()) };
    },
    'conversations.updateSettings': ({ conversationId, muted, pinned }) => {
      const conversation = bridge.conversationById(conversationId);
      const me = bridge.me();
      if (!conversation || !visibleTo(bridge, conversation, me)) throw new MagpieError('conversation.not_found', conversationId);
      const current = s().settings.get(key(conversationId, me.id)) ?? { muted: false, pinned: false };
      s().settings.set(key(conversationId, me.id), { muted: muted ?? current.muted, pinned: pinned ?? current.pinned });
      return changed(bridge, conversation);
    },
    'groups.create': ({ title, memberIds, historyVisible }) => {
      const me = bridge.me();
      const others = [...new Set(memberIds)].filter((id) => id !== me.id).map((id) => bridge.userById(id));
      if (others.some((u) => !u)) throw new MagpieError('user.not_found', 'unknown member');
      const conversation = addGroup(bridge, me, title, others as User[], { historyVisible });
      return changed(bridge, conversation);
    },
    'groups.update': ({ conversationId, title, avatarStagingId, announcement, allMuted, historyVisible }) => {
      const { conversation, mine } = group(bridge, conversationId);
      requireRole(mine, 'admin');
      if (title !== undefined && title !== conversation.title) {
        conversation.title = title;
        systemMessage(bridge, conversation, mine.id, { type: 'group.renamed', value: title });
      }
      if (avatarStagingId !== undefined) {
        if (avatarStagingId !== null && !bridge.ops.staged.get(avatarStagingId)?.complete) throw new MagpieError('transfer.not_found', avatarStagingId);
        conversation.avatarFileId = avatarStagingId === null ? null : `file-${bridge.nextNumber()}`;
        systemMessage(bridge, conversation, mine.id, { type: 'group.avatar_changed' });
      }
      if (announcement !== undefined && announcement !== conversation.announcement) {
        conversation.announcement = announcement;
        systemMessage(bridge, conversation, mine.id, { type: 'group.announcement_changed', value: announcement });
      }
      if (allMuted !== undefined && allMuted !== conversation.allMuted) {
        conversation.allMuted = allMuted;
        systemMessage(bridge, conversation, mine.id, { type: 'group.all_muted', value: String(allMuted) });
      }
      if (historyVisible !== undefined && historyVisible !== conversation.historyVisible) {
        conversation.historyVisible = historyVisible;
        systemMessage(bridge, conversation, mine.id, { type: 'group.history_visibility_changed', value: String(historyVisible) });
      }
      return changed(bridge, conversation);
    },
    'groups.addMembers': ({ conversationId, userIds }) => {
      const { conversation, mine } = group(bridge, conversationId);
      const added = userIds.filter((id) => !conversation.members.some((m) => m.id === id));
      if (conversation.members.length + added.length > LIMITS.maxGroupMembers) throw new MagpieError('conversation.too_many_members', 'full');
      for (const id of added) {
        const user = bridge.userById(id);
        if (!user) throw new MagpieError('user.not_found', id);
        conversation.members.push(asMember(user));
        s().departed.delete(key(conversationId, id));
      }
      if (added.length > 0) systemMessage(bridge, conversation, mine.id, { type: 'member.joined', targetIds: added });
      return changed(bridge, conversation);
    },
    'groups.removeMember': ({ conversationId, userId }) => {
      const { conversation, mine } = group(bridge, conversationId);
      requireOutranks(mine, memberOf(conversation, userId));
      conversation.members = conversation.members.filter((m) => m.id !== userId);
      s().departed.set(key(conversationId, userId), 'left');
      systemMessage(bridge, conversation, mine.id, { type: 'member.removed', targetIds: [userId] });
      audit(bridge, 'group.remove_member', userId);
      return changed(bridge, conversation);
    },
    'groups.setRole': ({ conversationId, userId, role }) => {
      const { conversation, mine } = group(bridge, conversationId);
      requireRole(mine, 'owner');
      const target = memberOf(conversation, userId);
      if (target.id === mine.id) throw new MagpieError('conversation.role_required', 'not yourself', { required: 'owner' });
      target.role = role;
      systemMessage(bridge, conversation, mine.id, { type: 'member.role_changed', targetIds: [userId], value: role });
      return changed(bridge, conversation);
    },
    'groups.transferOwnership': ({ conversationId, userId }) => {
      const { conversation, mine } = group(bridge, conversationId);
      requireRole(mine, 'owner');
      const target = memberOf(conversation, userId);
      if (target.id === mine.id) throw new MagpieError('validation.invalid', 'already the owner');
      target.role = 'owner';
      mine.role = 'admin';
      systemMessage(bridge, conversation, mine.id, { type: 'owner.transferred', targetIds: [userId] });
      return changed(bridge, conversation);
    },
    'groups.muteMember': ({ conversationId, userId, muted }) => {
      const { conversation, mine } = group(bridge, conversationId);
      const target = memberOf(conversation, userId);
      requireOutranks(mine, target);
      target.muted = muted;
      systemMessage(bridge, conversation, mine.id, { type: 'member.muted', targetIds: [userId], value: String(muted) });
      return changed(bridge, conversation);
    },
    'groups.leave': ({ conversationId }) => {
      const { conversation, mine } = group(bridge, conversationId);
      if (mine.role === 'owner') throw new MagpieError('conversation.owner_must_transfer', 'transfer first');
      systemMessage(bridge, conversation, mine.id, { type: 'member.left' });
      conversation.members = conversation.members.filter((m) => m.id !== mine.id);
      s().departed.set(key(conversationId, mine.id), 'left');
      bridge.emit('conversations.changed', {});
      return {};
    },
    'groups.dissolve': ({ conversationId }) => {
      const { conversation, mine } = group(bridge, conversationId);
      requireRole(mine, 'owner');
      systemMessage(bridge, conversation, mine.id, { type: 'group.dissolved' });
      for (const m of conversation.members) s().departed.set(key(conversationId, m.id), 'dissolved');
      conversation.members = [];
      audit(bridge, 'group.dissolve', conversationId);
      bridge.emit('conversations.changed', {});
      return {};
    },
    'presence.get': ({ userIds }) => ({ presence: userIds.map((userId) => ({ userId, presence: s().presence.get(userId) ?? 'offline' })) }),
    'settings.get': () => s().appSettings,
    'settings.update': ({ notifications, startAtLogin, closeToTray }) => {
      const current = s().appSettings;
      s().appSettings = {
        notifications: { ...current.notifications, ...notifications },
        startAtLogin: startAtLogin ?? current.startAtLogin,
        closeToTray: closeToTray ?? current.closeToTray,
      };
      return s().appSettings;
    },
    'app.setView': (view) => {
      s().views.push(view);
      return {};
    },
    'account.updateProfile': ({ displayName, avatarStagingId }) => {
      const me = bridge.me();
      if (avatarStagingId && !bridge.ops.staged.get(avatarStagingId)?.complete) throw new MagpieError('transfer.not_found', avatarStagingId);
      const user: User = {
        ...me,
        ...(displayName === undefined ? {} : { displayName }),
        ...(avatarStagingId === undefined ? {} : { avatarFileId: avatarStagingId === null ? null : `file-${bridge.nextNumber()}` }),
      };
      bridge.putUser(user);
      return { user };
    },
    'account.changePassword': ({ currentPassword, newPassword }) => {
      const me = bridge.me();
      if (bridge.passwordOf(me.id) !== currentPassword) throw new MagpieError('auth.wrong_password', 'wrong password');
      bridge.setPassword(me.id, newPassword);
      s().sessions = s().sessions.filter((x) => x.current);
      return {};
    },
    'account.sessions': () => ({ sessions: s().sessions }),
    'account.revokeSession': ({ sessionId }) => {
      const target = s().sessions.find((x) => x.id === sessionId);
      if (!target) throw new MagpieError('session.not_found', sessionId);
      if (target.current) throw new MagpieError('validation.invalid', 'use session.signOut for this device');
      s().sessions = s().sessions.filter((x) => x.id !== sessionId);
      audit(bridge, 'session.revoke', sessionId);
      return {};
    },
    'admin.settings.get': () => {
      requireAdmin(bridge);
      return { settings: s().workspace };
    },
    'admin.settings.update': (change) => {
      requireAdmin(bridge);
      s().workspace = { ...s().workspace, ...change };
      audit(bridge, 'workspace.settings', null, JSON.stringify(change));
      return { settings: s().workspace };
    },
    'admin.invites.create': ({ expiresInHours }) => {
      requireAdmin(bridge);
      const code = `INV-${bridge.nextNumber()}`;
      audit(bridge, 'invite.create', null);
      return { code, expiresAt: Date.now() + expiresInHours * 3_600_000 };
    },
    'admin.audit.list': ({ before, limit }) => {
      requireAdmin(bridge);
      const older = s().audit.filter((e) => before === undefined || e.id < before);
      const entries = older.slice(0, limit);
      return { entries, nextBefore: older.length > entries.length ? entries.at(-1)!.id : null };
    },
  };
}
