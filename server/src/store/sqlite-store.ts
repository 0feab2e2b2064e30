import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { newId } from '../ids';
import { pendingMigrations, SCHEMA_VERSION_TABLE, SQLITE } from './migrations';
import { Q } from './queries';
import { sqliteFiles } from './files-sqlite';
import type { NewUploadedFile } from './files-store';
import { Messaging } from './messaging-store';
import { toMessage, toUser, type MessageRow, type UserRow } from './rows';
import { driveSync, revStamps, type Query } from './sql-ops';
import { searchDocument } from '../../../shared/search/query';
import type { NewUser, SearchCandidate, SearchCandidateOptions, Store, UserCredentials } from './store';
import { SqliteAccounts } from './accounts-sqlite';

/** FTS5 query for "every one of these tokens": quoted terms, implicitly ANDed. */
const ftsAllOf = (tokens: readonly string[]) => tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');

/** Candidates the user may see: a member, within their visible seqs, not hidden by them. */
const SEARCH_SQL = (inConversation: boolean) => `
  SELECT s.pos AS position, m.* FROM message_fts f
  JOIN message_search s ON s.pos = f.rowid
  JOIN messages m ON m.id = s.message_id
  JOIN members mb ON mb.conversation_id = s.conversation_id AND mb.user_id = ?
  WHERE message_fts MATCH ? AND f.rowid < ?
    AND m.seq > mb.visible_from_seq AND (mb.until_seq IS NULL OR m.seq <= mb.until_seq)
    AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = mb.user_id AND h.message_id = m.id)
    ${inConversation ? 'AND s.conversation_id = ?' : ''}
  ORDER BY f.rowid DESC LIMIT ?`;

/**
 * The embedded store: one SQLite file at `<dataDir>/magpie.db`, needing no installation.
 * better-sqlite3 is synchronous, so each method runs to completion without interleaving; the
 * `seq` allocation still happens inside one transaction so the same code stays correct for
 * engines with real concurrency. The messaging ops run synchronously inside one transaction
 * each (see sql-ops.ts); SQLite has one writer, so feed positions are handed out in commit order.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  readonly messaging: Messaging;

  /** Prepared once, reused: preparing costs more than running most of these queries. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database) {
    this.db = db;
    const exec = (query: Query) => this.exec(query);
    this.messaging = new Messaging({
      write: async (op) => this.db.transaction(() => driveSync(op(), exec)).immediate(),
      read: async (op) => this.db.transaction(() => driveSync(op(), exec)).deferred(),
    });
  }

  private exec(query: Query): unknown {
    switch (query.op) {
      case 'all':
        return this.sql(query.sql).all(...query.params);
      case 'get':
        return this.sql(query.sql).get(...query.params);
      case 'run':
        return this.sql(query.sql).run(...query.params).changes;
      case 'index':
        return this.indexMessage(query.messageId, query.conversationId, query.text);
      case 'dialect':
        return 'sqlite';
      case 'feed': {
        const insert = this.sql('INSERT INTO feed (conversation_id, target_user_id, kind, message_id, seq, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING pos');
        const at = Date.now();
        const positions = query.rows.map((r) => (insert.get(r.conversationId, r.target, r.kind, r.messageId, r.seq, at) as { pos: number }).pos);
        for (const stamp of revStamps(query.rows, positions)) {
          if (stamp.table === 'messages') this.sql('UPDATE messages SET rev = ? WHERE id = ?').run(stamp.pos, stamp.messageId);
          else if (stamp.table === 'conversations') this.sql('UPDATE conversations SET rev = ? WHERE id = ?').run(stamp.pos, stamp.conversationId);
          else this.sql('UPDATE members SET rev = ? WHERE conversation_id = ? AND user_id = ?').run(stamp.pos, stamp.conversationId, stamp.userId);
        }
        return positions;
      }
    }
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, 'magpie.db'));
    // WAL lets readers run beside the writer; NORMAL syncs at checkpoints only, which survives a
    // process crash (what we guard against here) at ~3x the write rate of FULL.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db);
    const store = new SqliteStore(db);
    store.backfillSearchIndex();
    return store;
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  // Files: SQL in files-sqlite.ts.
  async recordUpload(input: NewUploadedFile) { return sqliteFiles.recordUpload(this.db, input); }
  async findFile(fileId: string) { return sqliteFiles.findFile(this.db, fileId); }
  async findFileByUpload(uploadId: string) { return sqliteFiles.findFileByUpload(this.db, uploadId); }
  async canReadFile(fileId: string, userId: string) { return sqliteFiles.canReadFile(this.db, fileId, userId); }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async countUsers(): Promise<number> {
    return (this.sql(Q.countUsers).get() as { n: number }).n;
  }

  async createUser(input: NewUser): Promise<User> {
    const user: User = { id: newId(), username: input.username, displayName: input.displayName, avatarFileId: null, isAdmin: false };
    try {
      this.sql(Q.insertUser)
        .run(user.id, user.username, user.displayName, user.displayName.toLowerCase(), input.passwordHash, Date.now());
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new MagpieError('auth.username_taken', 'That username is taken');
      }
      throw error;
    }
    return user;
  }

  async findUserById(id: string): Promise<User | null> {
    const row = this.sql(Q.userById).get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async findCredentials(username: string): Promise<UserCredentials | null> {
    const row = this.sql(Q.credentials)
      .get(username) as (UserRow & { password_hash: string }) | undefined;
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async searchUsers(query: string, limit: number): Promise<User[]> {
    // instr() rather than LIKE: no wildcard escaping, and it matches CJK text byte-exactly.
    const q = query.trim().toLowerCase();
    const rows = this.sql(
        `SELECT id, username, display_name FROM users
         WHERE instr(username, @q) > 0 OR instr(display_name_folded, @q) > 0
         ORDER BY (instr(username, @q) = 1 OR instr(display_name_folded, @q) = 1) DESC, username
         LIMIT @limit`,
      )
      .all({ q, limit }) as UserRow[];
    return rows.map(toUser);
  }

  async createSession(tokenHash: string, userId: string): Promise<void> {
    const now = Date.now();
    this.sql(Q.insertSession).run(tokenHash, userId, now, now);
  }

  async findSessionUser(tokenHash: string): Promise<User | null> {
    const row = this.sql(Q.sessionUser)
      .get(tokenHash) as UserRow | undefined;
    if (!row) return null;
    this.sql(Q.touchSession).run(Date.now(), tokenHash);
    return toUser(row);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sql(Q.deleteSession).run(tokenHash);
  }

  async searchCandidates(userId: string, tokens: readonly string[], options: SearchCandidateOptions): Promise<SearchCandidate[]> {
    if (tokens.length === 0) return [];
    const params: unknown[] = [userId, ftsAllOf(tokens), options.beforePosition ?? Number.MAX_SAFE_INTEGER];
    if (options.conversationId !== undefined) params.push(options.conversationId);
    params.push(options.limit);
    const rows = this.sql(SEARCH_SQL(options.conversationId !== undefined)).all(...params) as Array<MessageRow & { position: number }>;
    return rows.map(({ position, ...row }) => ({ position, message: toMessage(row) }));
  }

  async reindexMessage(messageId: string): Promise<void> {
    this.db.transaction(() => {
      const row = this.sql(Q.messageById).get(messageId) as MessageRow | undefined;
      this.indexMessage(messageId, row?.conversation_id ?? '', row ? row.text : null);
    }).immediate();
  }

  /**
   * THE place a message's search entry is written: call inside the transaction that stores (or
   * changes) its text. `text` null removes the entry (a recalled or deleted message). A
   * re-indexed message keeps its position, so paging and order are unchanged by edits.
   */
  indexMessage(messageId: string, conversationId: string, text: string | null): void {
    const existing = this.sql('SELECT pos FROM message_search WHERE message_id = ?').get(messageId) as { pos: number } | undefined;
    if (existing) this.sql('DELETE FROM message_fts WHERE rowid = ?').run(existing.pos);
    if (text === null) {
      if (existing) this.sql('DELETE FROM message_search WHERE pos = ?').run(existing.pos);
      return;
    }
    let pos = existing?.pos;
    if (pos === undefined) {
      pos = (this.sql('INSERT INTO message_search (message_id, conversation_id) VALUES (?, ?) RETURNING pos').get(messageId, conversationId) as { pos: number }).pos;
    } else {
      this.sql('UPDATE message_search SET pending = 0 WHERE pos = ?').run(pos);
    }
    this.sql('INSERT INTO message_fts (rowid, tokens) VALUES (?, ?)').run(pos, searchDocument(text));
  }

  /** Tokenizes the messages migration 3 listed as pending (those stored before the index). */
  private backfillSearchIndex(): void {
    const pending = this.sql(`SELECT s.pos, m.text FROM message_search s JOIN messages m ON m.id = s.message_id
      WHERE s.pending = 1 ORDER BY s.pos LIMIT 1000`);
    const insert = this.sql('INSERT INTO message_fts (rowid, tokens) VALUES (?, ?)');
    const done = this.sql('UPDATE message_search SET pending = 0 WHERE pos = ?');
    const batch = this.db.transaction((rows: Array<{ pos: number; text: string }>) => {
      for (const row of rows) {
        insert.run(row.pos, searchDocument(row.text));
        done.run(row.pos);
      }
    });
    for (;;) {
      const rows = pending.all() as Array<{ pos: number; text: string }>;
      if (rows.length === 0) return;
      batch.immediate(rows);
    }
  }

  // Accounts (accounts-store.ts): delegated to their own file, sharing this connection.
  private accountsPart?: SqliteAccounts;
  private get accounts(): SqliteAccounts {
    return (this.accountsPart ??= new SqliteAccounts(this.db));
  }
  getWorkspaceSettings() { return this.accounts.getWorkspaceSettings(); }
  initWorkspaceSettings(...a: Parameters<Store['initWorkspaceSettings']>) { return this.accounts.initWorkspaceSettings(...a); }
  updateWorkspaceSettings(...a: Parameters<Store['updateWorkspaceSettings']>) { return this.accounts.updateWorkspaceSettings(...a); }
  registerUser(...a: Parameters<Store['registerUser']>) { return this.accounts.registerUser(...a); }
  setUserAdmin(...a: Parameters<Store['setUserAdmin']>) { return this.accounts.setUserAdmin(...a); }
  createInvite(...a: Parameters<Store['createInvite']>) { return this.accounts.createInvite(...a); }
  openSession(...a: Parameters<Store['openSession']>) { return this.accounts.openSession(...a); }
  resumeSession(...a: Parameters<Store['resumeSession']>) { return this.accounts.resumeSession(...a); }
  listSessions(...a: Parameters<Store['listSessions']>) { return this.accounts.listSessions(...a); }
  findUserSession(...a: Parameters<Store['findUserSession']>) { return this.accounts.findUserSession(...a); }
  setPasswordHash(...a: Parameters<Store['setPasswordHash']>) { return this.accounts.setPasswordHash(...a); }
  updateProfile(...a: Parameters<Store['updateProfile']>) { return this.messaging.updateProfile(...a); }
  contactsOf(...a: Parameters<Store['contactsOf']>) { return this.accounts.contactsOf(...a); }
  appendAudit(...a: Parameters<Store['appendAudit']>) { return this.accounts.appendAudit(...a); }
  listAudit(...a: Parameters<Store['listAudit']>) { return this.accounts.listAudit(...a); }
}

/**
 * Brings the schema up to the newest migration; each step commits with its version number.
 * Foreign keys are off while migrating (SQLite ignores the pragma inside a transaction, so it is
 * set around them): a step that rebuilds a table (migration 4) must not cascade its DROP into the
 * tables referring to it. Each step is checked with foreign_key_check before it commits.
 */
export function applyMigrations(db: Database.Database): void {
  db.exec(SCHEMA_VERSION_TABLE(SQLITE));
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const pending = pendingMigrations(current);
  if (pending.length === 0) return;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of pending) {
      db.transaction(() => {
        db.exec(migration.sql(SQLITE));
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${migration.version} left ${broken.length} broken references`);
        db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      }).immediate();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
