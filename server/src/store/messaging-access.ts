import { MagpieError } from '../../../shared/errors';
import type { Conversation, MemberRole, Message } from '../../../shared/protocol';
import { CONVERSATION_COLUMNS, MEMBER_COLUMNS, toConversation, USER_COLUMNS, visibleUntil, type ConversationRow, type MemberRow, type MemberUserRow, type MessageRow } from './rows';
import { all, feedAppend, get, getLocked, inList, revStamps, type FeedInsert, type Op } from './sql-ops';

/**
 * Who may do what, checked inside the writing transaction (after the conversation's row lock),
 * so a removal or a role change that commits first is always seen. The order of the checks is the
 * order of the errors a caller gets: not_found, forbidden, not_group, inactive, role_required.
 */

export interface Access {
  conversation: ConversationRow;
  me: MemberRow;
}

export const ROLE_RANK: Record<MemberRole, number> = { member: 1, admin: 2, owner: 3 };

export function* conversationRow(conversationId: string, lock = false): Op<ConversationRow | undefined> {
  const sql = `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`;
  return lock ? yield* getLocked<ConversationRow>(sql, [conversationId]) : yield* get<ConversationRow>(sql, [conversationId]);
}

export function* memberRow(conversationId: string, userId: string, lock = false): Op<MemberRow | undefined> {
  const sql = `SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.conversation_id = ? AND m.user_id = ?`;
  return lock ? yield* getLocked<MemberRow>(sql, [conversationId, userId]) : yield* get<MemberRow>(sql, [conversationId, userId]);
}

/** The conversation and the caller's member row (any state); `lock` takes the conversation's row lock. */
export function* access(conversationId: string, userId: string, options: { lock?: boolean } = {}): Op<Access> {
  const conversation = yield* conversationRow(conversationId, options.lock);
  if (!conversation) throw new MagpieError('conversation.not_found', 'No such conversation');
  const me = yield* memberRow(conversationId, userId);
  if (!me) throw new MagpieError('conversation.forbidden', 'You are not a member of this conversation');
  return { conversation, me };
}

export function requireGroup({ conversation }: Access): void {
  if (conversation.kind !== 'group') throw new MagpieError('conversation.not_group', 'This is not a group');
}

export function requireActive({ me }: Access): void {
  if (me.state !== 'active') {
    throw new MagpieError('conversation.inactive', me.state === 'dissolved' ? 'This group was dissolved' : 'You are no longer a member of this group', { state: me.state });
  }
}

export function requireRole(a: Access, required: MemberRole): void {
  if (ROLE_RANK[a.me.role] < ROLE_RANK[required]) {
    throw new MagpieError('conversation.role_required', `Only the group ${required === 'owner' ? 'owner' : 'owner and admins'} may do this`, { required });
  }
}

/** Muted members, and everyone but the owner and admins while the group is all-muted, may not send. */
export function requireCanSend(a: Access): void {
  requireActive(a);
  if (a.conversation.kind !== 'group') return;
  if (a.me.muted === 1) throw new MagpieError('conversation.muted', 'A group admin muted you in this group', { reason: 'member' });
  if (a.conversation.all_muted === 1 && ROLE_RANK[a.me.role] < ROLE_RANK.admin) {
    throw new MagpieError('conversation.muted', 'Only the owner and admins may send in this group right now', { reason: 'all' });
  }
}

/** Whether `seq` is one the member may see (joined-later history, after leaving). */
export const canSee = (a: Access, seq: number): boolean => seq > a.me.visible_from_seq && seq <= visibleUntil(a.conversation, a.me);

/**
 * Whether a sender may quote `replied` in a reply: in this conversation, a seq they may see, not
 * recalled, not a system notice, not hidden by them.
 */
export const canQuote = (a: Access, replied: MessageRow | undefined, hiddenBySender: boolean): replied is MessageRow =>
  replied !== undefined && replied.conversation_id === a.conversation.id && canSee(a, replied.seq) && replied.recalled_at === null
  && replied.kind !== 'system' && !hiddenBySender;

/**
 * A message the caller may see, with access to its conversation. Anything else (unknown, in a
 * conversation they are not in, hidden by them, outside what they may see) is `message.not_found`,
 * so message ids cannot be probed.
 */
export function* visibleMessage(messageId: string, userId: string, lock = false): Op<{ row: MessageRow; access: Access }> {
  const sql = 'SELECT * FROM messages WHERE id = ?';
  const row = lock ? yield* getLocked<MessageRow>(sql, [messageId]) : yield* get<MessageRow>(sql, [messageId]);
  const notFound = () => new MagpieError('message.not_found', 'No such message');
  if (!row) throw notFound();
  const conversation = yield* conversationRow(row.conversation_id);
  const me = conversation && (yield* memberRow(row.conversation_id, userId));
  if (!conversation || !me) throw notFound();
  const a = { conversation, me };
  if (!canSee(a, row.seq)) throw notFound();
  const hidden = yield* get('SELECT 1 AS x FROM hidden_messages WHERE user_id = ? AND message_id = ?', [userId, messageId]);
  if (hidden) throw notFound();
  return { row, access: a };
}

/** Active members of one conversation with their users, by username. */
export function* activeMembers(conversationId: string): Op<MemberUserRow[]> {
  return yield* all<MemberUserRow>(
    `SELECT ${MEMBER_COLUMNS}, ${USER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id
     WHERE m.conversation_id = ? AND m.state = 'active' ORDER BY u.username`,
    [conversationId],
  );
}

/**
 * Who hears about a message (new or changed): members who may see its seq. That includes
 * members who left or were removed, for messages they held: an edit or a recall reaches them too.
 */
export const AUDIENCE_WHERE = "conversation_id = ? AND visible_from_seq < ? AND (state = 'active' OR until_seq >= ?)";

export function* messageAudience(conversationId: string, seq: number): Op<string[]> {
  const rows = yield* all<{ user_id: string }>(`SELECT user_id FROM members WHERE ${AUDIENCE_WHERE}`, [conversationId, seq, seq]);
  return rows.map((r) => r.user_id);
}

/** Conversations as `userId` sees them, for many ids at once (list, bootstrap, catch-up). */
export function* viewsFor(userId: string, conversationIds: readonly string[]): Op<Conversation[]> {
  const views: Conversation[] = [];
  for (let i = 0; i < conversationIds.length; i += 200) {
    const ids = conversationIds.slice(i, i + 200);
    const rows = yield* all<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id IN ${inList(ids.length)}`, ids,
    );
    const memberRows = yield* all<MemberUserRow>(
      `SELECT ${MEMBER_COLUMNS}, ${USER_COLUMNS} FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.conversation_id IN ${inList(ids.length)} AND (m.state = 'active' OR m.user_id = ?) ORDER BY u.username`,
      [...ids, userId],
    );
    const byConversation = new Map<string, MemberUserRow[]>();
    for (const m of memberRows) {
      let list = byConversation.get(m.conversation_id);
      if (!list) byConversation.set(m.conversation_id, (list = []));
      list.push(m);
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const conversation = byId.get(id);
      const members = byConversation.get(id) ?? [];
      const me = members.find((m) => m.user_id === userId);
      if (!conversation || !me) continue;
      const active = members.filter((m) => m.state === 'active');
      const peer = active.find((m) => m.user_id !== userId);
      views.push(toConversation(conversation, me, active, peer?.read_seq ?? 0));
    }
  }
  return views;
}

export function* viewFor(userId: string, conversationId: string): Op<Conversation> {
  const [view] = yield* viewsFor(userId, [conversationId]);
  if (!view) throw new MagpieError('conversation.forbidden', 'You are not a member of this conversation');
  return view;
}

/**
 * Writes the feed rows of a transaction; the store stamps each changed thing with its position
 * (`rev`): messages, conversations (untargeted rows), a member's own view (targeted rows). The
 * LAST step of every writing transaction: it takes the feed lock on PostgreSQL, and the rows it
 * stamps were all written (so locked) earlier in the same transaction. Returns the message revs.
 */
export function* commitFeed(rows: readonly FeedInsert[]): Op<Map<string, number>> {
  const positions = yield* feedAppend(rows);
  const revs = new Map<string, number>();
  for (const stamp of revStamps(rows, positions)) if (stamp.table === 'messages') revs.set(`m:${stamp.messageId}`, stamp.pos);
  return revs;
}

export const messageRev = (revs: Map<string, number>, message: Message): Message => ({ ...message, rev: revs.get(`m:${message.id}`) ?? message.rev });
