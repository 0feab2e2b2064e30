import { MagpieError } from '../../../shared/errors';
import type { AuditEntry, User, WorkspaceSettings } from '../../../shared/protocol';
import type { StoredSession } from './accounts-store';

/**
 * SQL the accounts part of both stores runs (`?` placeholders; the PostgreSQL side numbers them
 * with `positional`). Flags are INTEGER 0/1 on both engines (migration 5).
 */
const USER_COLUMNS = 'u.id, u.username, u.display_name, u.avatar_file_id, u.is_admin';

export const AQ = {
  settings: 'SELECT signup, recall_window_ms FROM workspace_settings WHERE id = 1',
  /** First start (or a workspace nobody has signed up to yet): the configuration decides. */
  initSettings: `INSERT INTO workspace_settings (id, signup, recall_window_ms)
    SELECT 1, ?, ? WHERE NOT EXISTS (SELECT 1 FROM users)
    ON CONFLICT (id) DO UPDATE SET signup = EXCLUDED.signup, recall_window_ms = EXCLUDED.recall_window_ms`,
  /** Later starts: only when the row is missing (an upgraded workspace that already has accounts). */
  insertSettingsIfMissing: `INSERT INTO workspace_settings (id, signup, recall_window_ms) VALUES (1, ?, ?)
    ON CONFLICT (id) DO NOTHING`,
  upsertSettings: `INSERT INTO workspace_settings (id, signup, recall_window_ms) VALUES (1, ?, ?)
    ON CONFLICT (id) DO UPDATE SET signup = EXCLUDED.signup, recall_window_ms = EXCLUDED.recall_window_ms`,

  anyUser: 'SELECT 1 AS one FROM users LIMIT 1',
  insertAccount: `INSERT INTO users (id, username, display_name, display_name_folded, password_hash, created_at, is_admin)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
  inviteUsable: 'SELECT 1 AS one FROM invites WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
  /** Single use, enforced by the WHERE: a second use (or a racing one) updates nothing. */
  consumeInvite: 'UPDATE invites SET used_by = ?, used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
  setAdmin: 'UPDATE users SET is_admin = ? WHERE id = ?',
  insertInvite: 'INSERT INTO invites (id, code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',

  insertSession: 'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, id, device_name) VALUES (?, ?, ?, ?, ?, ?)',
  sessionWithUser: `SELECT s.id AS session_id, s.last_seen_at, ${USER_COLUMNS}
    FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
  touchSession: 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?',
  deleteSessionByHash: 'DELETE FROM sessions WHERE token_hash = ?',
  deleteExpiredOf: 'DELETE FROM sessions WHERE user_id = ? AND last_seen_at < ?',
  sessionsOf: `SELECT id, token_hash, device_name, created_at, last_seen_at FROM sessions
    WHERE user_id = ? ORDER BY last_seen_at DESC, created_at DESC, id`,
  sessionOf: 'SELECT id, token_hash, device_name, created_at, last_seen_at FROM sessions WHERE user_id = ? AND id = ?',
  setPassword: 'UPDATE users SET password_hash = ? WHERE id = ?',
  /** RETURNING works on both engines (SQLite ≥ 3.35). */
  deleteOtherSessions: 'DELETE FROM sessions WHERE user_id = ? AND token_hash <> ? RETURNING token_hash',

  userById: `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`,
  setDisplayName: 'UPDATE users SET display_name = ?, display_name_folded = ? WHERE id = ?',
  setAvatar: 'UPDATE users SET avatar_file_id = ? WHERE id = ?',
  /** Active members on both sides: who left a group no longer hears about its members. */
  contactsOf: `SELECT DISTINCT other.user_id FROM members mine
    JOIN members other ON other.conversation_id = mine.conversation_id AND other.state = 'active'
    WHERE mine.user_id = ? AND mine.state = 'active'`,

  insertAudit: 'INSERT INTO audit_log (at, actor_id, action, target_id, detail) VALUES (?, ?, ?, ?, ?)',
  auditPage: 'SELECT id, at, actor_id, action, target_id, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
} as const;

export interface SettingsRow { signup: WorkspaceSettings['signup']; recall_window_ms: number }
export const toSettings = (row: SettingsRow): WorkspaceSettings => ({ signup: row.signup, recallWindowMs: row.recall_window_ms });

export interface AccountUserRow { id: string; username: string; display_name: string; avatar_file_id: string | null; is_admin: number }
export const toAccountUser = (row: AccountUserRow): User => ({
  id: row.id, username: row.username, displayName: row.display_name, avatarFileId: row.avatar_file_id, isAdmin: row.is_admin === 1,
});

export interface SessionRow { id: string; token_hash: string; device_name: string; created_at: number; last_seen_at: number }
export const toStoredSession = (row: SessionRow): StoredSession => ({
  id: row.id, tokenHash: row.token_hash, deviceName: row.device_name, createdAt: row.created_at, lastSeenAt: row.last_seen_at,
});

export interface AuditRow { id: number; at: number; actor_id: string; action: string; target_id: string | null; detail: string }
export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id, at: row.at, actorId: row.actor_id, action: row.action, targetId: row.target_id, detail: row.detail,
});

/** The audit detail column holds at most this many characters (AuditEntrySchema). */
export const MAX_AUDIT_DETAIL = 500;

/** Display names are searched folded (users.display_name_folded), as createUser writes them. */
export const foldDisplayName = (name: string): string => name.toLowerCase();

/** A patch's fields that are set (an explicit `undefined` must not erase a stored value). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const signupClosed = () => new MagpieError('auth.signup_closed', 'This workspace does not accept new accounts');
export const inviteInvalid = () => new MagpieError('auth.invite_invalid', 'This invite code is not valid: it is unknown, used or expired');
export const usernameTaken = () => new MagpieError('auth.username_taken', 'That username is taken');
