import type pg from 'pg';
import type { AuditEntry, User, WorkspaceSettings } from '../../../shared/protocol';
import { newId } from '../ids';
import {
  AQ, definedOnly, foldDisplayName, inviteInvalid, MAX_AUDIT_DETAIL, signupClosed, toAccountUser, toAuditEntry, toSettings,
  toStoredSession, usernameTaken, type AccountUserRow, type AuditRow, type SessionRow, type SettingsRow,
} from './accounts-queries';
import {
  DEFAULT_WORKSPACE_SETTINGS, type AccountStore, type NewAccount, type NewAuditEntry, type NewInvite, type NewSession,
  type StoredSession,
} from './accounts-store';
import { positional } from './queries';

/** The shared SQL, numbered for PostgreSQL once at load. */
const P = Object.fromEntries(Object.entries(AQ).map(([k, sql]) => [k, positional(sql)])) as Record<keyof typeof AQ, string>;

const UNIQUE_VIOLATION = '23505';
/**
 * Any constant (not the migration lock's): sign-ups and settings changes take it, so "is this the
 * first account" and the signup policy are read and acted on without another node's sign-up or
 * settings change in between.
 */
const ACCOUNTS_LOCK = 7_307_518;

/** Touches the session if it is still live, in one round trip; expired sessions match nothing. */
const TOUCH_LIVE_SESSION = `UPDATE sessions s SET last_seen_at = $2 FROM users u
  WHERE s.token_hash = $1 AND u.id = s.user_id AND s.last_seen_at >= $3
  RETURNING s.id AS session_id, u.id, u.username, u.display_name, u.avatar_file_id, u.is_admin`;
const DELETE_EXPIRED = 'DELETE FROM sessions WHERE token_hash = $1 AND last_seen_at < $2';

/**
 * The accounts part of the PostgreSQL store (see `AccountStore`): every method but
 * `updateProfile`, which writes feed rows and so is a messaging op (messaging-profile.ts).
 */
export class PostgresAccounts implements Omit<AccountStore, 'updateProfile'> {
  constructor(private readonly pool: pg.Pool) {}

  async getWorkspaceSettings(): Promise<WorkspaceSettings> {
    return settingsIn(this.pool);
  }

  async initWorkspaceSettings(initial: WorkspaceSettings): Promise<void> {
    await this.locked(async (client) => {
      await client.query(P.initSettings, [initial.signup, initial.recallWindowMs]);
      await client.query(P.insertSettingsIfMissing, [initial.signup, initial.recallWindowMs]);
    });
  }

  async updateWorkspaceSettings(patch: Partial<WorkspaceSettings>): Promise<WorkspaceSettings> {
    return this.locked(async (client) => {
      const next = { ...(await settingsIn(client)), ...definedOnly(patch) };
      await client.query(P.upsertSettings, [next.signup, next.recallWindowMs]);
      return next;
    });
  }

  async registerUser(input: NewAccount): Promise<User> {
    return this.locked(async (client) => {
      const first = (await client.query(P.anyUser)).rowCount === 0;
      const { signup } = await settingsIn(client);
      if (signup === 'closed') throw signupClosed();
      // The first account of an empty workspace needs no invite: nobody could have made one.
      const needsInvite = signup === 'invite' && !first;
      const now = Date.now();
      if (needsInvite && (input.inviteCodeHash === undefined || (await client.query(P.inviteUsable, [input.inviteCodeHash, now])).rowCount === 0)) {
        throw inviteInvalid(); // before the username check: outsiders learn nothing about accounts
      }
      const user: User = { id: newId(), username: input.username, displayName: input.displayName, avatarFileId: null, isAdmin: first };
      try {
        await client.query(P.insertAccount, [user.id, user.username, user.displayName, foldDisplayName(user.displayName), input.passwordHash, now, first ? 1 : 0]);
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw usernameTaken();
        throw error;
      }
      // After the insert, so a taken username leaves the invite unused. Zero rows: another
      // sign-up used it a moment ago (the WHERE makes the use single).
      if (needsInvite && (await client.query(P.consumeInvite, [user.id, now, input.inviteCodeHash, now])).rowCount !== 1) throw inviteInvalid();
      return user;
    });
  }

  async setUserAdmin(userId: string, isAdmin: boolean): Promise<void> {
    await this.pool.query(P.setAdmin, [isAdmin ? 1 : 0, userId]);
  }

  async createInvite(invite: NewInvite): Promise<void> {
    await this.pool.query(P.insertInvite, [invite.id, invite.codeHash, invite.createdBy, Date.now(), invite.expiresAt]);
  }

  async openSession(input: NewSession): Promise<{ id: string }> {
    const id = newId();
    const now = Date.now();
    await this.pool.query(P.insertSession, [input.tokenHash, input.userId, now, now, id, input.deviceName]);
    return { id };
  }

  async resumeSession(tokenHash: string, idleSince: number): Promise<{ sessionId: string; user: User } | null> {
    const row = (await this.pool.query<AccountUserRow & { session_id: string }>(TOUCH_LIVE_SESSION, [tokenHash, Date.now(), idleSince])).rows[0];
    if (row) return { sessionId: row.session_id, user: toAccountUser(row) };
    await this.pool.query(DELETE_EXPIRED, [tokenHash, idleSince]);
    return null;
  }

  async listSessions(userId: string, idleSince: number): Promise<StoredSession[]> {
    await this.pool.query(P.deleteExpiredOf, [userId, idleSince]);
    return (await this.pool.query<SessionRow>(P.sessionsOf, [userId])).rows.map(toStoredSession);
  }

  async findUserSession(userId: string, sessionId: string): Promise<StoredSession | null> {
    const row = (await this.pool.query<SessionRow>(P.sessionOf, [userId, sessionId])).rows[0];
    return row ? toStoredSession(row) : null;
  }

  async setPasswordHash(userId: string, passwordHash: string, keepTokenHash: string): Promise<string[]> {
    return this.transaction(async (client) => {
      await client.query(P.setPassword, [passwordHash, userId]);
      return (await client.query<{ token_hash: string }>(P.deleteOtherSessions, [userId, keepTokenHash])).rows.map((r) => r.token_hash);
    });
  }

  async contactsOf(userId: string): Promise<string[]> {
    const others = (await this.pool.query<{ user_id: string }>(P.contactsOf, [userId])).rows.map((r) => r.user_id);
    return [...new Set([userId, ...others])];
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    await this.pool.query(P.insertAudit, [Date.now(), entry.actorId, entry.action.slice(0, 64), entry.targetId?.slice(0, 64) ?? null, entry.detail.slice(0, MAX_AUDIT_DETAIL)]);
  }

  async listAudit(before: number | undefined, limit: number): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
    const rows = (await this.pool.query<AuditRow>(P.auditPage, [before ?? Number.MAX_SAFE_INTEGER, limit + 1])).rows;
    const entries = rows.slice(0, limit).map(toAuditEntry);
    return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
  }

  private locked<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [ACCOUNTS_LOCK]);
      return work(client);
    });
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

async function settingsIn(db: pg.Pool | pg.PoolClient): Promise<WorkspaceSettings> {
  const row = (await db.query<SettingsRow>(P.settings)).rows[0];
  return row ? toSettings(row) : DEFAULT_WORKSPACE_SETTINGS;
}
