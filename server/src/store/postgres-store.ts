import pg from 'pg';
import { MagpieError } from '../../../shared/errors';
import type { Conversation, Message, SyncCursor, User } from '../../../shared/protocol';
import { newId } from '../ids';
import { pendingMigrations, POSTGRES, SCHEMA_VERSION_TABLE } from './migrations';
import { positional, Q } from './queries';
import { directKey, toConversation, toMember, toMessage, toUser, type ConversationRow, type Member, type MemberRow, type MessageRow, type UserRow } from './rows';
import { indexTokens } from '../../../shared/search/tokenize';
import type { CatchUpPage, NewMessage, NewUser, SearchCandidate, SearchCandidateOptions, Store, UserCredentials } from './store';

/** Shared SQL, numbered for PostgreSQL once at load. */
const P = Object.fromEntries(Object.entries(Q).map(([k, sql]) => [k, positional(sql)])) as Record<keyof typeof Q, string>;

const UNIQUE_VIOLATION = '23505';
/** Any constant: serializes migrations when several nodes start at once. */
const MIGRATION_LOCK = 7_307_517;

/**
 * BIGINT (timestamps, seq, COUNT) arrives as a string by default because it can exceed 2^53.
 * Ours are epoch milliseconds and counters, far below that, so read them as numbers. Scoped to
 * this pool rather than set globally on `pg.types`, which other code in the process may rely on.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Appends in one statement (one round trip, atomic on its own): skip when (sender, clientId) is
 * stored; otherwise bump the conversation's `last_seq` (row lock held to commit, so seqs are
 * gap-free and in commit order across nodes) and insert. A concurrent duplicate that commits
 * between our snapshot and our insert makes the INSERT fail with a unique violation, which rolls
 * the whole statement back, bump included; the caller then reads the stored row.
 */
const APPEND = `
  WITH existing AS (SELECT * FROM messages WHERE sender_id = $2 AND client_id = $3),
  bumped AS (
    UPDATE conversations SET last_seq = last_seq + 1
    WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM existing) RETURNING last_seq
  ),
  inserted AS (
    INSERT INTO messages (id, conversation_id, seq, client_id, sender_id, kind, text, created_at)
    SELECT $4, $1, last_seq, $3, $2, 'text', $5, $6 FROM bumped RETURNING *
  ),
  -- sending reads everything up to the sent message (data-modifying CTEs always run)
  marked AS (
    UPDATE members SET read_seq = inserted.seq FROM inserted
    WHERE members.conversation_id = $1 AND members.user_id = $2 AND members.read_seq < inserted.seq
  ),
  -- the search entry, same statement (INDEX_MESSAGE's insert, inlined to keep one round trip)
  indexed AS (
    INSERT INTO message_search (message_id, conversation_id, tokens) SELECT id, conversation_id, $7::text[] FROM inserted
  )
  SELECT true AS created, * FROM inserted UNION ALL SELECT false AS created, * FROM existing`;

/** The conversation with its members in one round trip (LEFT JOIN: members may be none). */
const CONVERSATION_WITH_MEMBERS = `
  SELECT c.id, c.kind, c.last_seq, c.created_at, m.read_seq, u.id AS user_id, u.username, u.display_name
  FROM conversations c LEFT JOIN members m ON m.conversation_id = c.id LEFT JOIN users u ON u.id = m.user_id
  WHERE c.id = $1 ORDER BY u.username`;

const MEMBERS_OF_MANY = `SELECT m.conversation_id, m.read_seq, u.id, u.username, u.display_name FROM members m
  JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ANY($1) ORDER BY u.username`;

/** Looks the session up and refreshes its last-seen time in one statement. */
const TOUCH_SESSION = `UPDATE sessions s SET last_seen_at = $2 FROM users u
  WHERE s.token_hash = $1 AND u.id = s.user_id RETURNING u.id, u.username, u.display_name`;

/** strpos() is PostgreSQL's instr(): no wildcard escaping, exact for CJK text. */
const SEARCH_USERS = `SELECT id, username, display_name FROM users
  WHERE strpos(username, $1) > 0 OR strpos(display_name_folded, $1) > 0
  ORDER BY (strpos(username, $1) = 1 OR strpos(display_name_folded, $1) = 1) DESC, username LIMIT $2`;

/**
 * A message's search entry, written or replaced (a re-indexed message keeps its position), and
 * removed. See `indexMessage`.
 */
const INDEX_MESSAGE = `INSERT INTO message_search (message_id, conversation_id, tokens) VALUES ($1, $2, $3)
  ON CONFLICT (message_id) DO UPDATE SET tokens = EXCLUDED.tokens`;
const UNINDEX_MESSAGE = 'DELETE FROM message_search WHERE message_id = $1';

/**
 * Candidates, membership filtered in the query. The GIN index answers `tokens @> $1` as a bitmap;
 * for a token in most messages the planner walks the `pos` key backwards instead and stops at the
 * limit.
 */
const SEARCH = `SELECT s.pos AS position, m.* FROM message_search s JOIN messages m ON m.id = s.message_id
  WHERE s.tokens @> $1::text[] AND s.pos < $2
    AND s.conversation_id IN (SELECT conversation_id FROM members WHERE user_id = $3)
    AND ($4::text IS NULL OR s.conversation_id = $4)
  ORDER BY s.pos DESC LIMIT $5`;

type Queryable = pg.Pool | pg.PoolClient;

/**
 * THE place a message's search entry is written (sending inlines the same insert in APPEND): call
 * with the client of the transaction that stores or changes the text; `text` null removes it.
 */
export async function indexMessage(db: Queryable, messageId: string, conversationId: string, text: string | null): Promise<void> {
  if (text === null) await db.query(UNINDEX_MESSAGE, [messageId]);
  else await db.query(INDEX_MESSAGE, [messageId, conversationId, indexTokens(text)]);
}

/**
 * The PostgreSQL store (`MAGPIE_DATABASE_URL`): the state every node shares when several run.
 * Runs the same migrations and, where it can, the same SQL as the embedded store.
 */
export class PostgresStore implements Store {
  private constructor(readonly pool: pg.Pool) {}

  static async open(connectionString: string, poolSize = 10): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, max: poolSize, types, application_name: 'magpie-server' });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', () => {});
    try {
      await applyMigrations(pool);
      await backfillSearchIndex(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  async countUsers(): Promise<number> {
    return (await this.pool.query<{ n: number }>(P.countUsers)).rows[0]!.n;
  }

  async createUser(input: NewUser): Promise<User> {
    const user: User = { id: newId(), username: input.username, displayName: input.displayName };
    try {
      await this.pool.query(P.insertUser, [user.id, user.username, user.displayName, user.displayName.toLowerCase(), input.passwordHash, Date.now()]);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new MagpieError('auth.username_taken', 'That username is taken');
      throw error;
    }
    return user;
  }

  async findUserById(id: string): Promise<User | null> {
    const row = (await this.pool.query<UserRow>(P.userById, [id])).rows[0];
    return row ? toUser(row) : null;
  }

  async findCredentials(username: string): Promise<UserCredentials | null> {
    const row = (await this.pool.query<UserRow & { password_hash: string }>(P.credentials, [username])).rows[0];
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async searchUsers(query: string, limit: number): Promise<User[]> {
    return (await this.pool.query<UserRow>(SEARCH_USERS, [query.trim().toLowerCase(), limit])).rows.map(toUser);
  }

  async createSession(tokenHash: string, userId: string): Promise<void> {
    const now = Date.now();
    await this.pool.query(P.insertSession, [tokenHash, userId, now, now]);
  }

  async findSessionUser(tokenHash: string): Promise<User | null> {
    const row = (await this.pool.query<UserRow>(TOUCH_SESSION, [tokenHash, Date.now()])).rows[0];
    return row ? toUser(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query(P.deleteSession, [tokenHash]);
  }

  async listConversations(userId: string): Promise<Conversation[]> {
    return this.conversationsOf(this.pool, userId);
  }

  async getConversationFor(conversationId: string, userId: string) {
    type Row = ConversationRow & { user_id: string | null; username: string; display_name: string; read_seq: number };
    const rows = (await this.pool.query<Row>(CONVERSATION_WITH_MEMBERS, [conversationId])).rows;
    if (rows.length === 0) return null;
    const members = rows
      .filter((r) => r.user_id !== null)
      .map((r) => toMember({ id: r.user_id!, username: r.username, display_name: r.display_name, read_seq: r.read_seq }));
    return { conversation: toConversation(rows[0]!, members, userId), isMember: members.some((m) => m.user.id === userId) };
  }

  async openDirect(userId: string, otherUserId: string) {
    const key = directKey(userId, otherUserId);
    const created = await this.transaction(async (client) => {
      // ON CONFLICT waits for a concurrent opener of the same pair and then does nothing.
      const inserted = await client.query(`${P.insertDirect} ON CONFLICT (direct_key) DO NOTHING RETURNING id`, [newId(), key, Date.now()]);
      const id = inserted.rows[0]?.id as string | undefined;
      if (!id) return false;
      await client.query(`${positional('INSERT INTO members (conversation_id, user_id) VALUES (?, ?), (?, ?)')}`, [id, userId, id, otherUserId]);
      return true;
    });
    const { id } = (await this.pool.query<{ id: string }>(P.directByKey, [key])).rows[0]!;
    const found = await this.getConversationFor(id, userId);
    return { conversation: found!.conversation, created };
  }

  async appendMessage(input: NewMessage): Promise<{ message: Message; created: boolean }> {
    let row: (MessageRow & { created: boolean }) | undefined;
    try {
      const params = [input.conversationId, input.senderId, input.clientId, newId(), input.text, Date.now(), indexTokens(input.text)];
      row = (await this.pool.query<MessageRow & { created: boolean }>(APPEND, params)).rows[0];
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      // Lost a race with the same resend on another socket or node: that one stored it.
      const stored = (await this.pool.query<MessageRow>(P.messageByClientId, [input.senderId, input.clientId])).rows[0];
      if (!stored) throw error;
      row = { ...stored, created: false };
    }
    if (!row) throw new MagpieError('conversation.not_found', 'No such conversation');
    if (!row.created && row.conversation_id !== input.conversationId) {
      throw new MagpieError('validation.invalid', 'clientId was already used for a message in another conversation');
    }
    const { created, ...message } = row;
    return { message: toMessage(message), created };
  }

  async markRead(conversationId: string, userId: string, seq: number) {
    const moved = ((await this.pool.query(P.markRead, [seq, conversationId, userId, seq])).rowCount ?? 0) > 0;
    const row = (await this.pool.query<{ read_seq: number; last_seq: number }>(P.readState, [conversationId, userId])).rows[0];
    return { readSeq: row?.read_seq ?? 0, lastSeq: row?.last_seq ?? 0, moved };
  }

  async findMessage(id: string): Promise<Message | null> {
    const row = (await this.pool.query<MessageRow>(P.messageById, [id])).rows[0];
    return row ? toMessage(row) : null;
  }

  async history(conversationId: string, beforeSeq: number | undefined, limit: number) {
    const rows = (await this.pool.query<MessageRow>(P.historyPage, [conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1])).rows;
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
  }

  async catchUp(userId: string, cursors: SyncCursor[], limit: number): Promise<CatchUpPage> {
    // REPEATABLE READ: lastSeq and the messages come from one snapshot, as in the embedded store.
    return this.transaction(async (client) => {
      const known = new Map(cursors.map((c) => [c.conversationId, c.seq]));
      const mine = await this.conversationsOf(client, userId);
      const behind = mine.filter((c) => c.lastSeq > (known.get(c.id) ?? 0));
      const messages: Message[] = [];
      let missing = 0;
      for (const conversation of behind) {
        const cursor = known.get(conversation.id) ?? 0;
        missing += conversation.lastSeq - cursor; // exact, because seq is gap-free
        const room = limit - messages.length;
        if (room > 0) messages.push(...(await client.query<MessageRow>(P.catchUpPage, [conversation.id, cursor, room])).rows.map(toMessage));
      }
      const conversations = mine.filter((c) => !known.has(c.id) || c.lastSeq > (known.get(c.id) ?? 0));
      return { conversations, messages, hasMore: missing > messages.length };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async searchCandidates(userId: string, tokens: readonly string[], options: SearchCandidateOptions): Promise<SearchCandidate[]> {
    if (tokens.length === 0) return [];
    const params = [tokens, options.beforePosition ?? Number.MAX_SAFE_INTEGER, userId, options.conversationId ?? null, options.limit];
    const rows = (await this.pool.query<MessageRow & { position: number }>(SEARCH, params)).rows;
    return rows.map(({ position, ...row }) => ({ position, message: toMessage(row) }));
  }

  async reindexMessage(messageId: string): Promise<void> {
    await this.transaction(async (client) => {
      const row = (await client.query<MessageRow>(`${P.messageById} FOR UPDATE`, [messageId])).rows[0];
      await indexMessage(client, messageId, row?.conversation_id ?? '', row ? row.text : null);
    });
  }

  private async conversationsOf(db: Queryable, userId: string): Promise<Conversation[]> {
    const rows = (await db.query<ConversationRow>(P.conversationsOfUser, [userId])).rows;
    if (rows.length === 0) return [];
    const byConversation = new Map<string, Member[]>(rows.map((r) => [r.id, []]));
    const members = await db.query<MemberRow & { conversation_id: string }>(MEMBERS_OF_MANY, [rows.map((r) => r.id)]);
    for (const m of members.rows) byConversation.get(m.conversation_id)?.push(toMember(m));
    return rows.map((row) => toConversation(row, byConversation.get(row.id) ?? [], userId));
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(begin);
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

/** Same versions as the embedded store; an advisory lock keeps concurrently starting nodes in line. */
async function applyMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(SCHEMA_VERSION_TABLE(POSTGRES));
    const current = (await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version')).rows[0]?.v ?? 0;
    for (const migration of pendingMigrations(current)) {
      await client.query(migration.sql(POSTGRES));
      await client.query('INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Tokenizes the messages migration 3 listed as pending (`tokens IS NULL`), in batches. Nodes
 * starting together may both work on it; each row's update is the same, so that is harmless.
 */
async function backfillSearchIndex(pool: pg.Pool): Promise<void> {
  for (;;) {
    const rows = (await pool.query<{ pos: number; text: string }>(`SELECT s.pos, m.text FROM message_search s
      JOIN messages m ON m.id = s.message_id WHERE s.tokens IS NULL ORDER BY s.pos LIMIT 1000`)).rows;
    if (rows.length === 0) return;
    await pool.query(`UPDATE message_search s SET tokens = v.tokens
      FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(pos bigint, tokens text[])) v WHERE s.pos = v.pos`,
    [JSON.stringify(rows.map((r) => ({ pos: r.pos, tokens: indexTokens(r.text) })))]);
  }
}
