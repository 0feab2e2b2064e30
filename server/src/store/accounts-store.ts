import type { AuditEntry, User, WorkspaceSettings } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';

/**
 * The accounts part of the `Store` interface (workspace settings, sign-up with invites, sessions
 * per device, passwords, profiles, the audit log). Both engines implement it in their own
 * `accounts-*.ts` file and delegate to it; the SQL they share is in `accounts-queries.ts`.
 */
export interface AccountStore {
  /** The workspace's settings; the built-in defaults until `initWorkspaceSettings` has run. */
  getWorkspaceSettings(): Promise<WorkspaceSettings>;
  /**
   * Called at every start with the configured initial settings (MAGPIE_SIGNUP, …). Written when
   * the workspace has no settings yet or no account yet; once someone has signed up the stored
   * settings are the admins' to change, and the configuration no longer overrides them.
   */
  initWorkspaceSettings(initial: WorkspaceSettings): Promise<void>;
  updateWorkspaceSettings(patch: Partial<WorkspaceSettings>): Promise<WorkspaceSettings>;

  /**
   * Creates an account under the workspace's signup policy, in one transaction: `closed` →
   * `auth.signup_closed`; `invite` → consumes the invite (`auth.invite_invalid` when unknown,
   * used or expired; the first account of an empty workspace needs none, so it can be
   * bootstrapped); a taken username (`auth.username_taken`) leaves the invite unused. The first
   * account of the workspace becomes its admin.
   */
  registerUser(input: NewAccount): Promise<User>;
  /** Grants or removes workspace admin (the demo seed, operators). */
  setUserAdmin(userId: string, isAdmin: boolean): Promise<void>;
  createInvite(invite: NewInvite): Promise<void>;

  /** A new session for a device; returns its id (what sessions.list/revoke name, never the token). */
  openSession(input: NewSession): Promise<{ id: string }>;
  /**
   * The live session behind `tokenHash`, refreshing its last-seen time. A session unused since
   * before `idleSince` (epoch ms) has expired: it is deleted and null returned.
   */
  resumeSession(tokenHash: string, idleSince: number): Promise<{ sessionId: string; user: User } | null>;
  /** The user's sessions not expired at `idleSince`, newest activity first (expired ones are deleted). */
  listSessions(userId: string, idleSince: number): Promise<StoredSession[]>;
  /** One of the user's sessions by id; null when unknown or someone else's. */
  findUserSession(userId: string, sessionId: string): Promise<StoredSession | null>;
  /**
   * Sets a new password hash and deletes every other session of the user in one transaction.
   * Returns the deleted sessions' token hashes (their sockets must be told).
   */
  setPasswordHash(userId: string, passwordHash: string, keepTokenHash: string): Promise<string[]>;

  /** Changes the given profile fields; null when the user is unknown. */
  updateProfile(userId: string, patch: ProfilePatch): Promise<User | null>;
  /** Every user who shares a conversation with `userId`, `userId` included (profile fan-out). */
  contactsOf(userId: string): Promise<string[]>;

  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** Newest first, ids below `before` (a `nextBefore` cursor) when given. */
  listAudit(before: number | undefined, limit: number): Promise<{ entries: AuditEntry[]; nextBefore: number | null }>;
}

/** What a workspace is before anyone configured it. */
export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { signup: 'open', recallWindowMs: LIMITS.defaultRecallWindowMs };

export interface NewAccount {
  username: string;
  displayName: string;
  passwordHash: string;
  /** SHA-256 of the normalized invite code the person typed, when they typed one. */
  inviteCodeHash?: string;
}

export interface NewInvite {
  id: string;
  codeHash: string;
  createdBy: string;
  expiresAt: number;
}

export interface NewSession {
  tokenHash: string;
  userId: string;
  deviceName: string;
}

export interface StoredSession {
  id: string;
  /** Internal: lets a method tell the caller's own session apart. Never sent to clients. */
  tokenHash: string;
  deviceName: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface ProfilePatch {
  displayName?: string;
  avatarFileId?: string | null;
}

export interface NewAuditEntry {
  actorId: string;
  /** Dotted verb, e.g. `workspace.settings`, `invite.create`, `session.revoke`, `group.dissolve`. */
  action: string;
  targetId: string | null;
  /** Human-readable facts; never a password, token or invite code. Cut to 500 characters. */
  detail: string;
}
