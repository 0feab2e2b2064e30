/**
 * SQL both stores run, written once with `?` placeholders (SQLite's spelling; the PostgreSQL store
 * numbers them with `positional`). Where the dialects differ, or where one round trip instead of
 * several matters for a networked database, each store keeps its own statement next to its code.
 */
export const Q = {
  countUsers: 'SELECT COUNT(*) AS n FROM users',
  insertUser: 'INSERT INTO users (id, username, display_name, display_name_folded, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  userById: 'SELECT id, username, display_name FROM users WHERE id = ?',
  credentials: 'SELECT id, username, display_name, password_hash FROM users WHERE username = ?',

  insertSession: 'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
  sessionUser: 'SELECT u.id, u.username, u.display_name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?',
  touchSession: 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?',
  deleteSession: 'DELETE FROM sessions WHERE token_hash = ?',

  conversationById: 'SELECT id, kind, last_seq, created_at FROM conversations WHERE id = ?',
  conversationsOfUser: `SELECT c.id, c.kind, c.last_seq, c.created_at FROM conversations c
    JOIN members m ON m.conversation_id = c.id WHERE m.user_id = ? ORDER BY c.created_at, c.id`,
  membersOfConversation: `SELECT m.conversation_id, m.read_seq, u.id, u.username, u.display_name FROM members m
    JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ? ORDER BY u.username`,
  directByKey: 'SELECT id FROM conversations WHERE direct_key = ?',
  insertDirect: "INSERT INTO conversations (id, kind, direct_key, last_seq, created_at) VALUES (?, 'direct', ?, 0, ?)",
  insertMember: 'INSERT INTO members (conversation_id, user_id) VALUES (?, ?)',

  /** Only ever forward; the caller clamps the seq to lastSeq. */
  markRead: 'UPDATE members SET read_seq = ? WHERE conversation_id = ? AND user_id = ? AND read_seq < ?',
  readState: `SELECT m.read_seq, c.last_seq FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.conversation_id = ? AND m.user_id = ?`,

  messageByClientId: 'SELECT * FROM messages WHERE sender_id = ? AND client_id = ?',
  messageById: 'SELECT * FROM messages WHERE id = ?',
  /** Takes the conversation's row lock until commit, so seqs are gap-free and in commit order. */
  allocateSeq: 'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
  /** Sending reads everything up to the sent message (same transaction as the insert). */
  markSent: 'UPDATE members SET read_seq = ? WHERE conversation_id = ? AND user_id = ? AND read_seq < ?',
  insertMessage: 'INSERT INTO messages (id, conversation_id, seq, client_id, sender_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  historyPage: 'SELECT * FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  catchUpPage: 'SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
} as const;

/** `?` → `$1`, `$2`, … for PostgreSQL. The shared SQL has no `?` inside string literals. */
export function positional(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
