import type { Presence } from '../../../shared/protocol';
import { access, requireCanSend } from './messaging-access';
import { all, dialect, get, inList, run, type Op } from './sql-ops';

/**
 * Presence across nodes: each node keeps one row per user it has sockets for (how many, and how
 * many of them said away), refreshed by its heartbeat. A user is online while any socket anywhere
 * is not away, away while all are, offline when no unexpired row is left.
 */

const toPresence = (sockets: number, away: number): Presence => (sockets <= 0 ? 'offline' : away >= sockets ? 'away' : 'online');

function* presenceOfOne(userId: string, now: number): Op<Presence> {
  const row = yield* get<{ sockets: number | null; away: number | null }>(
    'SELECT SUM(sockets) AS sockets, SUM(away) AS away FROM presence WHERE user_id = ? AND expires_at > ?', [userId, now],
  );
  return toPresence(Number(row?.sockets ?? 0), Number(row?.away ?? 0));
}

/**
 * Records this node's sockets of a user; returns the user's presence before and after. On
 * PostgreSQL a per-user advisory lock (two-key form: apart from the feed's one-key lock) makes
 * two nodes changing the same user's rows take turns, so each change is seen once.
 */
export function* setNodePresence(nodeId: string, userId: string, sockets: number, away: number, expiresAt: number, now: number): Op<{ before: Presence; after: Presence }> {
  if ((yield* dialect()) === 'postgres') yield* get('SELECT pg_advisory_xact_lock(7307, hashtext(?)) AS locked', [userId]);
  const before = yield* presenceOfOne(userId, now);
  if (sockets <= 0) yield* run('DELETE FROM presence WHERE user_id = ? AND node_id = ?', [userId, nodeId]);
  else {
    yield* run(
      `INSERT INTO presence (user_id, node_id, sockets, away, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, node_id) DO UPDATE SET sockets = EXCLUDED.sockets, away = EXCLUDED.away, expires_at = EXCLUDED.expires_at`,
      [userId, nodeId, sockets, away, expiresAt],
    );
  }
  return { before, after: yield* presenceOfOne(userId, now) };
}

export function* refreshNode(nodeId: string, expiresAt: number): Op<void> {
  yield* run('UPDATE presence SET expires_at = ? WHERE node_id = ?', [expiresAt, nodeId]);
}

/** Removes rows of nodes that stopped beating (or of this node, on shutdown); returns whose rows went. */
export function* dropPresence(options: { expiredBy?: number; nodeId?: string }): Op<string[]> {
  const where = options.nodeId !== undefined ? 'node_id = ?' : 'expires_at <= ?';
  const param = options.nodeId ?? options.expiredBy ?? 0;
  const users = yield* all<{ user_id: string }>(`SELECT DISTINCT user_id FROM presence WHERE ${where}`, [param]);
  if (users.length > 0) yield* run(`DELETE FROM presence WHERE ${where}`, [param]);
  return users.map((u) => u.user_id);
}

export function* presenceOf(userIds: readonly string[], now: number): Op<Map<string, Presence>> {
  const result = new Map<string, Presence>(userIds.map((id) => [id, 'offline']));
  if (userIds.length === 0) return result;
  const rows = yield* all<{ user_id: string; sockets: number; away: number }>(
    `SELECT user_id, SUM(sockets) AS sockets, SUM(away) AS away FROM presence WHERE expires_at > ? AND user_id IN ${inList(userIds.length)} GROUP BY user_id`,
    [now, ...userIds],
  );
  for (const r of rows) result.set(r.user_id, toPresence(Number(r.sockets), Number(r.away)));
  return result;
}

/** The other active members told of the caller's typing; refused to those who may not send. */
export function* typingAudience(userId: string, conversationId: string): Op<string[]> {
  const a = yield* access(conversationId, userId);
  requireCanSend(a);
  const rows = yield* all<{ user_id: string }>("SELECT user_id FROM members WHERE conversation_id = ? AND state = 'active' AND user_id <> ?", [conversationId, userId]);
  return rows.map((r) => r.user_id);
}
