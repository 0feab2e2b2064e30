import { MagpieError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import type { Conversation, Message, SystemEvent } from '../../../shared/protocol';
import { newId } from '../ids';
import type { Change, Written } from './changes';
import { access, activeMembers, commitFeed, memberRow, messageAudience, messageRev, requireActive, requireGroup, requireRole, ROLE_RANK, viewFor, type Access } from './messaging-access';
import { appendSystem } from './messaging-messages';
import { directKey, type MemberRow } from './rows';
import { all, get, getLocked, inList, run, type FeedInsert, type Op } from './sql-ops';

/**
 * Conversations and their members: direct conversations, groups and every group operation, a
 * member's own settings and read marker. Each group change writes its `system` message in the
 * same transaction, and every change its feed rows (see commitFeed).
 */

const MEMBER_INSERT = `INSERT INTO members (conversation_id, user_id, role, state, visible_from_seq, read_seq, joined_at)
  VALUES (?, ?, ?, 'active', ?, ?, ?)`;

export function* openDirect(userId: string, otherUserId: string, now: number): Op<Written<{ conversation: Conversation; created: boolean }>> {
  const key = directKey(userId, otherUserId);
  // ON CONFLICT waits for a concurrent opener of the same pair (PostgreSQL) and then does nothing.
  const inserted = yield* get<{ id: string }>(
    "INSERT INTO conversations (id, kind, direct_key, last_seq, created_at) VALUES (?, 'direct', ?, 0, ?) ON CONFLICT (direct_key) DO NOTHING RETURNING id",
    [newId(), key, now],
  );
  if (!inserted) {
    const existing = yield* get<{ id: string }>('SELECT id FROM conversations WHERE direct_key = ?', [key]);
    return { result: { conversation: yield* viewFor(userId, existing!.id), created: false }, changes: [] };
  }
  for (const member of [userId, otherUserId]) yield* run(MEMBER_INSERT, [inserted.id, member, 'member', 0, 0, now]);
  yield* commitFeed([{ conversationId: inserted.id, target: null, kind: 'conversation', messageId: null, seq: null }]);
  const conversation = yield* viewFor(userId, inserted.id);
  return { result: { conversation, created: true }, changes: [{ type: 'conversation.updated', userIds: [userId, otherUserId], conversationId: inserted.id }] };
}

function* requireUsers(ids: readonly string[]): Op<void> {
  if (ids.length === 0) return;
  const found = yield* all<{ id: string }>(`SELECT id FROM users WHERE id IN ${inList(ids.length)}`, ids);
  if (found.length !== ids.length) {
    const known = new Set(found.map((r) => r.id));
    throw new MagpieError('user.not_found', 'No such user', { userId: ids.find((id) => !known.has(id))! });
  }
}

function tooMany(): MagpieError {
  return new MagpieError('conversation.too_many_members', `A group holds at most ${LIMITS.maxGroupMembers} members`, { max: LIMITS.maxGroupMembers });
}

export function* createGroup(ownerId: string, title: string, memberIds: readonly string[], historyVisible: boolean, now: number): Op<Written<{ conversation: Conversation }>> {
  const others = [...new Set(memberIds)].filter((id) => id !== ownerId);
  if (others.length + 1 > LIMITS.maxGroupMembers) throw tooMany();
  yield* requireUsers(others);
  const id = newId();
  yield* run("INSERT INTO conversations (id, kind, last_seq, created_at, title, history_visible) VALUES (?, 'group', 0, ?, ?, ?)", [id, now, title, historyVisible ? 1 : 0]);
  yield* run(MEMBER_INSERT, [id, ownerId, 'owner', 0, 0, now]);
  for (const member of others) yield* run(MEMBER_INSERT, [id, member, 'member', 0, 0, now]);
  const created = yield* appendSystem(id, { type: 'group.created', actorId: ownerId, targetIds: others, value: title }, now);
  // Everyone starts having read the creation notice.
  yield* run('UPDATE members SET read_seq = ? WHERE conversation_id = ?', [created.seq, id]);
  return yield* finishGroup(ownerId, id, [created], [], now);
}

/**
 * The end of every group operation: feed rows (the conversation for its active members, each
 * system message, and targeted rows for `affected` users who are no longer active, so they learn
 * their state and see the notice that says why), then live events.
 */
function* finishGroup(actorId: string, conversationId: string, notices: Message[], affected: readonly string[], _now: number): Op<Written<{ conversation: Conversation }>> {
  const rows: FeedInsert[] = [{ conversationId, target: null, kind: 'conversation', messageId: null, seq: null }];
  for (const userId of affected) rows.push({ conversationId, target: userId, kind: 'conversation', messageId: null, seq: null });
  for (const notice of notices) {
    rows.push({ conversationId, target: null, kind: 'message', messageId: notice.id, seq: notice.seq });
  }
  const revs = yield* commitFeed(rows);
  const active = (yield* activeMembers(conversationId)).map((m) => m.user_id);
  const changes: Change[] = [{ type: 'conversation.updated', userIds: [...new Set([...active, ...affected])], conversationId }];
  for (const notice of notices) {
    const audience = yield* messageAudience(conversationId, notice.seq);
    changes.push({ type: 'message.new', userIds: [...new Set([...audience, ...affected])], message: messageRev(revs, notice) });
  }
  return { result: { conversation: yield* viewFor(actorId, conversationId) }, changes };
}

/** The caller's access to a group they are active in, with the conversation's row lock held. */
function* groupAccess(conversationId: string, userId: string): Op<Access> {
  const a = yield* access(conversationId, userId, { lock: true });
  requireGroup(a);
  requireActive(a);
  return a;
}

/** The target of an operation on another member: an active member who is not the caller. */
function* targetMember(a: Access, userId: string): Op<MemberRow> {
  if (userId === a.me.user_id) throw new MagpieError('validation.invalid', 'userId: choose another member');
  const target = yield* memberRow(a.conversation.id, userId);
  if (!target || target.state !== 'active') throw new MagpieError('user.not_found', 'That person is not a member of this group', { userId });
  return target;
}

/** Owners act on anyone else; admins on plain members only. */
function requireOutranks(a: Access, target: MemberRow): void {
  requireRole(a, 'admin');
  if (ROLE_RANK[a.me.role] <= ROLE_RANK[target.role]) requireRole(a, 'owner');
  if (target.role === 'owner') throw new MagpieError('conversation.role_required', 'Nobody may do this to the group owner', { required: 'owner' });
}

export interface GroupChanges {
  title?: string;
  avatarFileId?: string | null;
  announcement?: string;
  allMuted?: boolean;
  historyVisible?: boolean;
}

export function* updateGroup(actorId: string, conversationId: string, changes: GroupChanges, now: number): Op<Written<{ conversation: Conversation }>> {
  const a = yield* groupAccess(conversationId, actorId);
  requireRole(a, 'admin');
  const c = a.conversation;
  const events: Array<[string, unknown, SystemEvent['type'], string]> = [];
  if (changes.title !== undefined && changes.title !== c.title) events.push(['title', changes.title, 'group.renamed', changes.title]);
  if (changes.avatarFileId !== undefined && changes.avatarFileId !== c.avatar_file_id) events.push(['avatar_file_id', changes.avatarFileId, 'group.avatar_changed', '']);
  if (changes.announcement !== undefined && changes.announcement !== c.announcement) events.push(['announcement', changes.announcement, 'group.announcement_changed', changes.announcement]);
  if (changes.allMuted !== undefined && changes.allMuted !== (c.all_muted === 1)) events.push(['all_muted', changes.allMuted ? 1 : 0, 'group.all_muted', String(changes.allMuted)]);
  if (changes.historyVisible !== undefined && changes.historyVisible !== (c.history_visible === 1)) {
    events.push(['history_visible', changes.historyVisible ? 1 : 0, 'group.history_visibility_changed', String(changes.historyVisible)]);
  }
  if (events.length === 0) return { result: { conversation: yield* viewFor(actorId, conversationId) }, changes: [] };
  const notices: Message[] = [];
  for (const [column, value, type, text] of events) {
    yield* run(`UPDATE conversations SET ${column} = ? WHERE id = ?`, [value, conversationId]);
    notices.push(yield* appendSystem(conversationId, { type, actorId, targetIds: [], value: text }, now));
  }
  return yield* finishGroup(actorId, conversationId, notices, [], now);
}

export function* addMembers(actorId: string, conversationId: string, userIds: readonly string[], now: number): Op<Written<{ conversation: Conversation }>> {
  const a = yield* groupAccess(conversationId, actorId);
  const wanted = [...new Set(userIds)];
  yield* requireUsers(wanted);
  const existing = wanted.length === 0 ? [] : yield* all<{ user_id: string; state: string }>(
    `SELECT user_id, state FROM members WHERE conversation_id = ? AND user_id IN ${inList(wanted.length)}`, [conversationId, ...wanted],
  );
  const state = new Map(existing.map((r) => [r.user_id, r.state]));
  const joining = wanted.filter((id) => state.get(id) !== 'active');
  if (joining.length === 0) return { result: { conversation: yield* viewFor(actorId, conversationId) }, changes: [] };
  const count = yield* get<{ n: number }>("SELECT COUNT(*) AS n FROM members WHERE conversation_id = ? AND state = 'active'", [conversationId]);
  if (Number(count?.n ?? 0) + joining.length > LIMITS.maxGroupMembers) throw tooMany();
  // Joiners see what came before only when the group's history is visible; either way they see
  // the notice of their own joining, and start with it read.
  const before = a.conversation.last_seq;
  const visibleFrom = a.conversation.history_visible === 1 ? 0 : before;
  const notice = yield* appendSystem(conversationId, { type: 'member.joined', actorId, targetIds: joining, value: '' }, now);
  for (const userId of joining) {
    if (state.has(userId)) {
      yield* run(
        `UPDATE members SET state = 'active', role = 'member', muted = 0, visible_from_seq = ?, until_seq = NULL, read_seq = ?, joined_at = ?
         WHERE conversation_id = ? AND user_id = ?`,
        [visibleFrom, notice.seq, now, conversationId, userId],
      );
    } else {
      yield* run(MEMBER_INSERT, [conversationId, userId, 'member', visibleFrom, notice.seq, now]);
    }
  }
  return yield* finishGroup(actorId, conversationId, [notice], [], now);
}

/** Ends a member's membership: they keep what they saw up to `untilSeq`, read-only. */
function* endMembership(conversationId: string, userId: string, state: 'left' | 'dissolved', untilSeq: number): Op<void> {
  yield* run('UPDATE members SET state = ?, until_seq = ? WHERE conversation_id = ? AND user_id = ?', [state, untilSeq, conversationId, userId]);
}

export function* removeMember(actorId: string, conversationId: string, userId: string, now: number): Op<Written<{ conversation: Conversation }>> {
  const a = yield* groupAccess(conversationId, actorId);
  const target = yield* targetMember(a, userId);
  requireOutranks(a, target);
  const notice = yield* appendSystem(conversationId, { type: 'member.removed', actorId, targetIds: [userId], value: '' }, now);
  yield* endMembership(conversationId, userId, 'left', notice.seq);
  return yield* finishGroup(actorId, conversationId, [notice], [userId], now);
}

export function* setRole(actorId: string, conversationId: string, userId: string, role: 'admin' | 'member', now: number): Op<Written<{ conversation: Conversation }>> {
  const a = yield* groupAccess(conversationId, actorId);
  requireRole(a, 'owner');
  const target = yield* targetMember(a, userId);
  if (target.role === role) return { result: { conversation: yield* viewFor(actorId, conversationId) }, changes: [] };
  yield* run('UPDATE members SET role = ? WHERE conversation_id = ? AND user_id = ?', [role, conversationId, userId]);
  const notice = yield* appendSystem(conversationId, { type: 'member.role_changed', actorId, targetIds: [userId], value: role }, now);
  return yield* finishGroup(actorId, conversationId, [notice], [], now);
}

export function* transferOwnership(actorId: string, conversationId: string, userId: string, now: number): Op<Written<{ conversation: Conversation }>> {
  const a = yield* groupAccess(conversationId, actorId);
  requireRole(a, 'owner');
  yield* targetMember(a, userId);
  yield* run("UPDATE members SET role = 'owner', muted = 0 WHERE conversation_id = ? AND user_id = ?", [conversationId, userId]);
  yield* run("UPDATE members SET role = 'admin' WHERE conversation_id = ? AND user_id = ?", [conversationId, actorId]);
  const notice = yield* appendSystem(conversationId, { type: 'owner.transferred', actorId, targetIds: [userId], value: '' }, now);
  return yield* finishGroup(actorId, conversationId, [notice], [], now);
}

export function* muteMember(actorId: string, conversationId: string, userId: string, muted: boolean, now: number): Op<Written<{ conversation: Conversation }>> {
  const a = yield* groupAccess(conversationId, actorId);
  const target = yield* targetMember(a, userId);
  requireOutranks(a, target);
  if ((target.muted === 1) === muted) return { result: { conversation: yield* viewFor(actorId, conversationId) }, changes: [] };
  yield* run('UPDATE members SET muted = ? WHERE conversation_id = ? AND user_id = ?', [muted ? 1 : 0, conversationId, userId]);
  const notice = yield* appendSystem(conversationId, { type: 'member.muted', actorId, targetIds: [userId], value: String(muted) }, now);
  return yield* finishGroup(actorId, conversationId, [notice], [], now);
}

export function* leave(userId: string, conversationId: string, now: number): Op<Written<Record<string, never>>> {
  const a = yield* groupAccess(conversationId, userId);
  if (a.me.role === 'owner') throw new MagpieError('conversation.owner_must_transfer', 'Transfer ownership (or dissolve the group) before leaving');
  const notice = yield* appendSystem(conversationId, { type: 'member.left', actorId: userId, targetIds: [], value: '' }, now);
  yield* endMembership(conversationId, userId, 'left', notice.seq);
  const { changes } = yield* finishGroup(userId, conversationId, [notice], [userId], now);
  return { result: {}, changes };
}

export function* dissolve(userId: string, conversationId: string, now: number): Op<Written<Record<string, never>>> {
  const a = yield* groupAccess(conversationId, userId);
  requireRole(a, 'owner');
  const members = (yield* activeMembers(conversationId)).map((m) => m.user_id);
  const notice = yield* appendSystem(conversationId, { type: 'group.dissolved', actorId: userId, targetIds: [], value: '' }, now);
  yield* run('UPDATE conversations SET dissolved_at = ? WHERE id = ?', [now, conversationId]);
  for (const member of members) yield* endMembership(conversationId, member, 'dissolved', notice.seq);
  const { changes } = yield* finishGroup(userId, conversationId, [notice], members, now);
  return { result: {}, changes };
}

export function* updateSettings(userId: string, conversationId: string, settings: { muted?: boolean; pinned?: boolean }): Op<Written<{ conversation: Conversation }>> {
  const a = yield* access(conversationId, userId);
  requireActive(a);
  const muted = settings.muted ?? a.me.notify_muted === 1;
  const pinned = settings.pinned ?? a.me.pinned === 1;
  if (muted === (a.me.notify_muted === 1) && pinned === (a.me.pinned === 1)) {
    return { result: { conversation: yield* viewFor(userId, conversationId) }, changes: [] };
  }
  yield* run('UPDATE members SET notify_muted = ?, pinned = ? WHERE conversation_id = ? AND user_id = ?', [muted ? 1 : 0, pinned ? 1 : 0, conversationId, userId]);
  yield* commitFeed([{ conversationId, target: userId, kind: 'conversation', messageId: null, seq: null }]);
  return { result: { conversation: yield* viewFor(userId, conversationId) }, changes: [{ type: 'conversation.updated', userIds: [userId], conversationId }] };
}

/**
 * Moves the caller's marker forward (never back), clamped to what they may see. In a direct
 * conversation the peer's view changes too (peerReadSeq), so both member rows are locked, in
 * user-id order, before the feed lock, and both get a targeted row.
 */
export function* markRead(userId: string, conversationId: string, seq: number): Op<Written<{ readSeq: number; unreadCount: number }>> {
  const a = yield* access(conversationId, userId);
  const until = a.conversation.last_seq;
  const lastSeq = a.me.state === 'active' || a.me.until_seq === null ? until : Math.min(a.me.until_seq, until);
  const target = Math.min(seq, lastSeq);
  const viewers = a.conversation.kind === 'direct'
    ? (yield* all<{ user_id: string }>('SELECT user_id FROM members WHERE conversation_id = ? ORDER BY user_id', [conversationId])).map((r) => r.user_id)
    : [userId];
  for (const viewer of viewers) yield* getLocked('SELECT user_id FROM members WHERE conversation_id = ? AND user_id = ?', [conversationId, viewer]);
  const moved = (yield* run('UPDATE members SET read_seq = ? WHERE conversation_id = ? AND user_id = ? AND read_seq < ?', [target, conversationId, userId, target])) > 0;
  const readSeq = moved ? target : Math.min(a.me.read_seq, lastSeq);
  const result = { readSeq, unreadCount: Math.max(0, lastSeq - readSeq) };
  if (!moved) return { result, changes: [] };
  yield* commitFeed(viewers.map((viewer): FeedInsert => ({ conversationId, target: viewer, kind: 'conversation', messageId: null, seq: null })));
  return { result, changes: [{ type: 'conversation.read', userIds: viewers, conversationId, userId, readSeq }] };
}
