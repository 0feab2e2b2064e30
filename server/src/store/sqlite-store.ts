import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MagpieError } from '../../../shared/errors';
import type { Conversation, Message, SyncCursor, User } from '../../../shared/protocol';
import { newId } from '../ids';
import { pendingMigrations, SCHEMA_VERSION_TABLE, SQLITE } from './migrations';
import { Q } from './queries';
import { directKey, toConversation, toMember, toMessage, toUser, type ConversationRow, type Member, type MemberRow, type MessageRow, type UserRow } from './rows';
import { searchDocument } from '../../../shared/search/query';
import type { CatchUpPage, NewMessage, NewUser, SearchCandidate, SearchCandidateOptions, Store, UserCredentials } from './store';

/** FTS5 query for "every one of these tokens": quoted terms, implicitly ANDed. */
const ftsAllOf = (tokens: readonly string[]) => tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');

const SEARCH_SQL = (inConversation: boolean) => `
  SELECT s.pos AS position, m.* FROM message_fts f
  JOIN message_search s ON s.pos = f.rowid
  JOIN messages m ON m.id = s.message_id
  WHERE message_fts MATCH ? AND f.rowid < ?
    AND s.conversation_id IN (SELECT conversation_id FROM members WHERE user_id = ?)
    ${inConversation ? 'AND s.conversation_id = ?' : ''}
  ORDER BY f.rowid DESC LIMIT ?`;

/**
 * The embedded store: one SQLite file at `<dataDir>/magpie.db`, needing no installation.
 * better-sqlite3 is synchronous, so each method runs to completion without interleaving; the
 * `seq` allocation still happens inside one transaction so the same code stays correct for
 * engines with real concurrency.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;

  /** Prepared once, reused: preparing costs more than running most of these queries. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database) {
    this.db = db;
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

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async countUsers(): Promise<number> {
    return (this.sql(Q.countUsers).get() as { n: number }).n;
  }

  async createUser(input: NewUser): Promise<User> {
    const user: User = { id: newId(), username: input.username, displayName: input.displayName };
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

  async listConversations(userId: string): Promise<Conversation[]> {
    return this.conversationsOf(userId);
  }

  async getConversationFor(conversationId: string, userId: string) {
    const row = this.sql(Q.conversationById).get(conversationId) as ConversationRow | undefined;
    if (!row) return null;
    const members = this.membersOf([row.id]).get(row.id) ?? [];
    return { conversation: toConversation(row, members, userId), isMember: members.some((m) => m.user.id === userId) };
  }

  async openDirect(userId: string, otherUserId: string) {
    const key = directKey(userId, otherUserId);
    const open = this.db.transaction(() => {
      const existing = this.sql(Q.directByKey).get(key) as { id: string } | undefined;
      if (existing) return { id: existing.id, created: false };
      const id = newId();
      this.sql(Q.insertDirect).run(id, key, Date.now());
      const addMember = this.sql(Q.insertMember);
      addMember.run(id, userId);
      addMember.run(id, otherUserId);
      return { id, created: true };
    });
    const { id, created } = open.immediate();
    const found = await this.getConversationFor(id, userId);
    return { conversation: found!.conversation, created };
  }

  async appendMessage(input: NewMessage) {
    const append = this.db.transaction((): { message: Message; created: boolean } => {
      const existing = this.sql(Q.messageByClientId)
        .get(input.senderId, input.clientId) as MessageRow | undefined;
      if (existing) {
        if (existing.conversation_id !== input.conversationId) {
          throw new MagpieError('validation.invalid', 'clientId was already used for a message in another conversation');
        }
        return { message: toMessage(existing), created: false };
      }
      const allocated = this.sql(Q.allocateSeq)
        .get(input.conversationId) as { last_seq: number } | undefined;
      if (!allocated) throw new MagpieError('conversation.not_found', 'No such conversation');
      const message: Message = {
        id: newId(), conversationId: input.conversationId, seq: allocated.last_seq, clientId: input.clientId,
        senderId: input.senderId, kind: 'text', text: input.text, createdAt: Date.now(),
      };
      this.sql(Q.insertMessage)
        .run(message.id, message.conversationId, message.seq, message.clientId, message.senderId, message.kind, message.text, message.createdAt);
      this.sql(Q.markSent).run(message.seq, message.conversationId, message.senderId, message.seq);
      this.indexMessage(message.id, message.conversationId, message.text);
      return { message, created: true };
    });
    return append.immediate();
  }

  async markRead(conversationId: string, userId: string, seq: number) {
    const mark = this.db.transaction(() => {
      const moved = this.sql(Q.markRead).run(seq, conversationId, userId, seq).changes > 0;
      const row = this.sql(Q.readState).get(conversationId, userId) as { read_seq: number; last_seq: number } | undefined;
      return { readSeq: row?.read_seq ?? 0, lastSeq: row?.last_seq ?? 0, moved };
    });
    return mark.immediate();
  }

  async findMessage(id: string): Promise<Message | null> {
    const row = this.sql(Q.messageById).get(id) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  async history(conversationId: string, beforeSeq: number | undefined, limit: number) {
    const rows = this.sql(Q.historyPage)
      .all(conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
  }

  async catchUp(userId: string, cursors: SyncCursor[], limit: number): Promise<CatchUpPage> {
    // One read transaction so lastSeq and the messages come from the same snapshot.
    const read = this.db.transaction((): CatchUpPage => {
      const known = new Map(cursors.map((c) => [c.conversationId, c.seq]));
      const mine = this.conversationsOf(userId); // cursors for other conversations are ignored here
      const behind = mine.filter((c) => c.lastSeq > (known.get(c.id) ?? 0));
      const page = this.sql(Q.catchUpPage);
      const messages: Message[] = [];
      let missing = 0;
      for (const conversation of behind) {
        const cursor = known.get(conversation.id) ?? 0;
        missing += conversation.lastSeq - cursor; // exact, because seq is gap-free
        const room = limit - messages.length;
        if (room > 0) messages.push(...(page.all(conversation.id, cursor, room) as MessageRow[]).map(toMessage));
      }
      const conversations = mine.filter((c) => !known.has(c.id) || c.lastSeq > (known.get(c.id) ?? 0));
      return { conversations, messages, hasMore: missing > messages.length };
    });
    return read();
  }

  async searchCandidates(userId: string, tokens: readonly string[], options: SearchCandidateOptions): Promise<SearchCandidate[]> {
    if (tokens.length === 0) return [];
    const params: unknown[] = [ftsAllOf(tokens), options.beforePosition ?? Number.MAX_SAFE_INTEGER, userId];
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

  private conversationsOf(userId: string): Conversation[] {
    const rows = this.sql(Q.conversationsOfUser)
      .all(userId) as ConversationRow[];
    const members = this.membersOf(rows.map((r) => r.id));
    return rows.map((row) => toConversation(row, members.get(row.id) ?? [], userId));
  }

  private membersOf(conversationIds: string[]): Map<string, Member[]> {
    const byConversation = new Map<string, Member[]>();
    const select = this.sql(Q.membersOfConversation);
    for (const id of conversationIds) {
      byConversation.set(id, (select.all(id) as MemberRow[]).map(toMember));
    }
    return byConversation;
  }
}

/** Brings the schema up to the newest migration; each step commits with its version number. */
export function applyMigrations(db: Database.Database): void {
  db.exec(SCHEMA_VERSION_TABLE(SQLITE));
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  for (const migration of pendingMigrations(current)) {
    db.transaction(() => {
      db.exec(migration.sql(SQLITE));
      db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    }).immediate();
  }
}
