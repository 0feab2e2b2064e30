import type { Conversation, Message, User } from '../../../shared/protocol';

/** Row shapes both stores read back (column names as in the migrations) and their protocol forms. */
export interface UserRow { id: string; username: string; display_name: string }
export interface ConversationRow { id: string; kind: 'direct'; last_seq: number; created_at: number }
export interface MessageRow {
  id: string; conversation_id: string; seq: number; client_id: string; sender_id: string;
  kind: 'text'; text: string; created_at: number;
}

export const toUser = (row: UserRow): User => ({ id: row.id, username: row.username, displayName: row.display_name });

export const toMessage = (row: MessageRow): Message => ({
  id: row.id, conversationId: row.conversation_id, seq: row.seq, clientId: row.client_id,
  senderId: row.sender_id, kind: row.kind, text: row.text, createdAt: row.created_at,
});

/** A member and their read marker, as the member queries return them. */
export interface Member { user: User; readSeq: number }
export interface MemberRow extends UserRow { read_seq: number }
export const toMember = (row: MemberRow): Member => ({ user: toUser(row), readSeq: row.read_seq });

/**
 * The conversation as `viewerId` sees it: their own marker, unread count and the other member's
 * marker. Unread is `lastSeq - readSeq` because sending moves the sender's marker to the sent seq
 * (same transaction), so no message of the viewer's own is ever above their marker: O(1), no count.
 */
export const toConversation = (row: ConversationRow, members: Member[], viewerId: string): Conversation => {
  const readSeq = members.find((m) => m.user.id === viewerId)?.readSeq ?? 0;
  const peerReadSeq = Math.max(0, ...members.filter((m) => m.user.id !== viewerId).map((m) => m.readSeq));
  return {
    id: row.id, kind: row.kind, members: members.map((m) => m.user), lastSeq: row.last_seq, createdAt: row.created_at,
    readSeq, unreadCount: Math.max(0, row.last_seq - readSeq), peerReadSeq,
  };
};

/** "<smaller user id>:<larger user id>": the unique key that makes a direct conversation exist once. */
export const directKey = (a: string, b: string): string => [a, b].sort().join(':');
