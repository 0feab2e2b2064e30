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

export const toConversation = (row: ConversationRow, members: User[]): Conversation => ({
  id: row.id, kind: row.kind, members, lastSeq: row.last_seq, createdAt: row.created_at,
});

/** "<smaller user id>:<larger user id>": the unique key that makes a direct conversation exist once. */
export const directKey = (a: string, b: string): string => [a, b].sort().join(':');
