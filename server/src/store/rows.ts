import type { Card, Conversation, FileInfo, ForwardRef, Member, MemberRole, Message, MessageKind, Reaction, ReplyRef, SystemEvent, User } from '../../../shared/protocol';

/** Row shapes both stores read back (column names as in the migrations) and their protocol forms. */
export interface UserRow { id: string; username: string; display_name: string; avatar_file_id?: string | null; is_admin?: number }

export const toUser = (row: UserRow): User => ({
  id: row.id, username: row.username, displayName: row.display_name, avatarFileId: row.avatar_file_id ?? null, isAdmin: row.is_admin === 1,
});

/** The user columns every member and user query selects (alias `u`). */
export const USER_COLUMNS = 'u.id, u.username, u.display_name, u.avatar_file_id, u.is_admin';

export interface ConversationRow {
  id: string; kind: 'direct' | 'group'; last_seq: number; created_at: number;
  title: string; avatar_file_id: string | null; announcement: string; all_muted: number; history_visible: number;
  dissolved_at: number | null; rev: number;
}
export const CONVERSATION_COLUMNS = 'c.id, c.kind, c.last_seq, c.created_at, c.title, c.avatar_file_id, c.announcement, c.all_muted, c.history_visible, c.dissolved_at, c.rev';

export type MemberState = 'active' | 'left' | 'dissolved';

/** One `members` row: a member's standing, their own settings and markers. */
export interface MemberRow {
  conversation_id: string; user_id: string; role: MemberRole; muted: number; state: MemberState;
  visible_from_seq: number; until_seq: number | null; notify_muted: number; pinned: number;
  read_seq: number; joined_at: number; rev: number;
}
export const MEMBER_COLUMNS = 'm.conversation_id, m.user_id, m.role, m.muted, m.state, m.visible_from_seq, m.until_seq, m.notify_muted, m.pinned, m.read_seq, m.joined_at, m.rev';

/** A member row joined with the member's user. */
export type MemberUserRow = MemberRow & UserRow;

export const toMember = (row: MemberUserRow): Member => ({ ...toUser(row), role: row.role, muted: row.muted === 1 });

/** The highest seq a member may see: everything while active, up to their leaving after. */
export const visibleUntil = (conversation: ConversationRow, member: MemberRow): number =>
  member.state === 'active' || member.until_seq === null ? conversation.last_seq : Math.min(member.until_seq, conversation.last_seq);

/**
 * The conversation as one member sees it. Unread is `lastSeq - readSeq` because sending moves
 * the sender's marker to the sent seq (same transaction), so no message of the viewer's own is ever
 * above their marker: O(1), no count. Members are listed only to active members (someone who left
 * does not keep learning who is in the group); once dissolved nobody is listed.
 */
export function toConversation(conversation: ConversationRow, me: MemberRow, activeMembers: MemberUserRow[], peerReadSeq: number): Conversation {
  const lastSeq = visibleUntil(conversation, me);
  const readSeq = Math.min(me.read_seq, lastSeq);
  return {
    id: conversation.id,
    kind: conversation.kind,
    members: me.state === 'active' ? activeMembers.map(toMember) : [],
    title: conversation.title,
    avatarFileId: conversation.avatar_file_id,
    announcement: conversation.announcement,
    allMuted: conversation.all_muted === 1,
    historyVisible: conversation.history_visible === 1,
    state: me.state,
    visibleFromSeq: me.visible_from_seq,
    settings: { muted: me.notify_muted === 1, pinned: me.pinned === 1 },
    rev: Math.max(conversation.rev, me.rev),
    lastSeq,
    createdAt: conversation.created_at,
    readSeq,
    unreadCount: Math.max(0, lastSeq - readSeq),
    peerReadSeq: conversation.kind === 'direct' ? peerReadSeq : 0,
  };
}

export interface MessageRow {
  id: string; conversation_id: string; seq: number; client_id: string; sender_id: string;
  kind: MessageKind; text: string; created_at: number;
  mentions: string; mentions_all: number; attachment: string | null; attachment_file_id: string | null;
  card: string | null; system: string | null; reply_to: string | null; reply_to_id: string | null;
  forwarded_from: string | null; edited_at: number | null; recalled_by: string | null; recalled_at: number | null;
  reactions: string; rev: number;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  clientId: row.client_id,
  senderId: row.sender_id,
  kind: row.kind,
  text: row.text,
  createdAt: row.created_at,
  mentions: json<string[]>(row.mentions) ?? [],
  mentionsAll: row.mentions_all === 1,
  attachment: json<FileInfo>(row.attachment),
  card: json<Card>(row.card),
  system: json<SystemEvent>(row.system),
  replyTo: json<ReplyRef>(row.reply_to),
  forwardedFrom: json<ForwardRef>(row.forwarded_from),
  editedAt: row.edited_at,
  recalled: row.recalled_by === null ? null : { by: row.recalled_by, at: row.recalled_at ?? 0 },
  reactions: json<Reaction[]>(row.reactions) ?? [],
  rev: row.rev,
});

/** The columns a new message is inserted with, in `messageValues` order. */
export const MESSAGE_INSERT_COLUMNS =
  'id, conversation_id, seq, client_id, sender_id, kind, text, created_at, mentions, mentions_all, attachment, attachment_file_id, card, system, reply_to, reply_to_id, forwarded_from';

export const messageValues = (m: Message): unknown[] => [
  m.id, m.conversationId, m.seq, m.clientId, m.senderId, m.kind, m.text, m.createdAt,
  JSON.stringify(m.mentions), m.mentionsAll ? 1 : 0,
  m.attachment ? JSON.stringify(m.attachment) : null, m.attachment?.id ?? null,
  m.card ? JSON.stringify(m.card) : null, m.system ? JSON.stringify(m.system) : null,
  m.replyTo ? JSON.stringify(m.replyTo) : null, m.replyTo?.messageId ?? null,
  m.forwardedFrom ? JSON.stringify(m.forwardedFrom) : null,
];

/** "<smaller user id>:<larger user id>": the unique key that makes a direct conversation exist once. */
export const directKey = (a: string, b: string): string => [a, b].sort().join(':');
