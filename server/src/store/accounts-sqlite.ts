import type Database from 'better-sqlite3';
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

/**
 * The accounts part of the embedded store (see `AccountStore`). better-sqlite3 is synchronous,
 * so each transaction below runs to completion before any other request touches the database.
 * Every method but `updateProfile`, which writes feed rows and so is a messaging op
 * (messaging-profile.ts).
 */
export class SqliteAccounts implements Omit<AccountStore, 'updateProfile'> {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  private settingsNow(): WorkspaceSettings {
    const row = this.sql(AQ.settings).get() as SettingsRow | undefined;
    return row ? toSettings(row) : DEFAULT_WORKSPACE_SETTINGS;
  }

  async getWorkspaceSettings(): Promise<WorkspaceSettings> {
    return this.settingsNow();
  }

  async initWorkspaceSettings(initial: WorkspaceSettings): Promise<void> {
    this.db.transaction(() => {
      this.sql(AQ.initSettings).run(initial.signup, initial.recallWindowMs);
      this.sql(AQ.insertSettingsIfMissing).run(initial.signup, initial.recallWindowMs);
    }).immediate();
  }

  async updateWorkspaceSettings(patch: Partial<WorkspaceSettings>): Promise<WorkspaceSettings> {
    return this.db.transaction(() => {
      const next = { ...this.settingsNow(), ...definedOnly(patch) };
      this.sql(AQ.upsertSettings).run(next.signup, next.recallWindowMs);
      return next;
    }).immediate();
  }

  async registerUser(input: NewAccount): Promise<User> {
    return this.db.transaction((): User => {
      const first = this.sql(AQ.anyUser).get() === undefined;
      const { signup } = this.settingsNow();
      if (signup === 'closed') throw signupClosed();
      // The first account of an empty workspace needs no invite: nobody could have made one.
      const needsInvite = signup === 'invite' && !first;
      const now = Date.now();
      if (needsInvite && (input.inviteCodeHash === undefined || this.sql(AQ.inviteUsable).get(input.inviteCodeHash, now) === undefined)) {
        throw inviteInvalid(); // before the username check: outsiders learn nothing about accounts
      }
      const user: User = { id: newId(), username: input.username, displayName: input.displayName, avatarFileId: null, isAdmin: first };
      try {
        this.sql(AQ.insertAccount).run(user.id, user.username, user.displayName, foldDisplayName(user.displayName), input.passwordHash, now, first ? 1 : 0);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw usernameTaken();
        throw error;
      }
      // After the insert, so a taken username leaves the invite unused.
      if (needsInvite) this.sql(AQ.consumeInvite).run(user.id, now, input.inviteCodeHash, now);
      return user;
    }).immediate();
  }

  async setUserAdmin(userId: string, isAdmin: boolean): Promise<void> {
    this.sql(AQ.setAdmin).run(isAdmin ? 1 : 0, userId);
  }

  async createInvite(invite: NewInvite): Promise<void> {
    this.sql(AQ.insertInvite).run(invite.id, invite.codeHash, invite.createdBy, Date.now(), invite.expiresAt);
  }

  async openSession(input: NewSession): Promise<{ id: string }> {
    const id = newId();
    const now = Date.now();
    this.sql(AQ.insertSession).run(input.tokenHash, input.userId, now, now, id, input.deviceName);
    return { id };
  }

  async resumeSession(tokenHash: string, idleSince: number): Promise<{ sessionId: string; user: User } | null> {
    return this.db.transaction(() => {
      const row = this.sql(AQ.sessionWithUser).get(tokenHash) as (AccountUserRow & { session_id: string; last_seen_at: number }) | undefined;
      if (!row) return null;
      if (row.last_seen_at < idleSince) {
        this.sql(AQ.deleteSessionByHash).run(tokenHash);
        return null;
      }
      this.sql(AQ.touchSession).run(Date.now(), tokenHash);
      return { sessionId: row.session_id, user: toAccountUser(row) };
    }).immediate();
  }

  async listSessions(userId: string, idleSince: number): Promise<StoredSession[]> {
    return this.db.transaction(() => {
      this.sql(AQ.deleteExpiredOf).run(userId, idleSince);
      return (this.sql(AQ.sessionsOf).all(userId) as SessionRow[]).map(toStoredSession);
    }).immediate();
  }

  async findUserSession(userId: string, sessionId: string): Promise<StoredSession | null> {
    const row = this.sql(AQ.sessionOf).get(userId, sessionId) as SessionRow | undefined;
    return row ? toStoredSession(row) : null;
  }

  async setPasswordHash(userId: string, passwordHash: string, keepTokenHash: string): Promise<string[]> {
    return this.db.transaction(() => {
      this.sql(AQ.setPassword).run(passwordHash, userId);
      return (this.sql(AQ.deleteOtherSessions).all(userId, keepTokenHash) as Array<{ token_hash: string }>).map((r) => r.token_hash);
    }).immediate();
  }

  async contactsOf(userId: string): Promise<string[]> {
    const others = (this.sql(AQ.contactsOf).all(userId) as Array<{ user_id: string }>).map((r) => r.user_id);
    return [...new Set([userId, ...others])];
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.sql(AQ.insertAudit).run(Date.now(), entry.actorId, entry.action.slice(0, 64), entry.targetId?.slice(0, 64) ?? null, entry.detail.slice(0, MAX_AUDIT_DETAIL));
  }

  async listAudit(before: number | undefined, limit: number): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
    const rows = this.sql(AQ.auditPage).all(before ?? Number.MAX_SAFE_INTEGER, limit + 1) as AuditRow[];
    const entries = rows.slice(0, limit).map(toAuditEntry);
    return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
  }
}
