/**
 * SQL both stores run, written once with `?` placeholders (SQLite's spelling; the PostgreSQL store
 * numbers them with `positional`). Where the dialects differ, or where one round trip instead of
 * several matters for a networked database, each store keeps its own statement next to its code.
 */
export const Q = {
  countUsers: 'SELECT COUNT(*) AS n FROM users',
  insertUser: 'INSERT INTO users (id, username, display_name, display_name_folded, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  userById: 'SELECT id, username, display_name, avatar_file_id, is_admin FROM users WHERE id = ?',
  credentials: 'SELECT id, username, display_name, avatar_file_id, is_admin, password_hash FROM users WHERE username = ?',

  insertSession: 'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
  sessionUser: 'SELECT u.id, u.username, u.display_name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?',
  touchSession: 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?',
  deleteSession: 'DELETE FROM sessions WHERE token_hash = ?',

  /** Conversations, members and messages otherwise live in messaging-*.ts (SQL shared as ops). */
  messageById: 'SELECT * FROM messages WHERE id = ?',
  /** The least a send does (scripts/bench/raw-store-loops.ts measures it as the raw baseline). */
  allocateSeq: 'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
  insertMessage: 'INSERT INTO messages (id, conversation_id, seq, client_id, sender_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
} as const;

/** `?` → `$1`, `$2`, … for PostgreSQL. The shared SQL has no `?` inside string literals. */
export function positional(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
