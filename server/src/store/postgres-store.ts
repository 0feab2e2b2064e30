import pg from 'pg';
import { MagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { newId } from '../ids';
import { pendingMigrations, POSTGRES, SCHEMA_VERSION_TABLE } from './migrations';
import { positional, Q } from './queries';
import { postgresFiles } from './files-postgres';
import type { NewUploadedFile } from './files-store';
import { Messaging } from './messaging-store';
import { toMessage, toUser, type MessageRow, type UserRow } from './rows';
import { driveAsync, type Query } from './sql-ops';
import { indexTokens } from '../../../shared/search/tokenize';
import type { NewUser, SearchCandidate, SearchCandidateOptions, Store, UserCredentials } from './store';
import { PostgresAccounts } from './accounts-postgres';

/** Shared SQL, numbered for PostgreSQL once at load. */
const P = Object.fromEntries(Object.entries(Q).map(([k, sql]) => [k, positional(sql)])) as Record<keyof typeof Q, string>;

/** The messaging ops' SQL, numbered once per text (and row-locked where the op asks). */
const NUMBERED = new Map<string, string>();
function numbered(sql: string, lock = false): string {
  const key = lock ? `${sql}\u0000lock` : sql;
  let text = NUMBERED.get(key);
  if (text === undefined) NUMBERED.set(key, (text = positional(sql) + (lock ? ' FOR UPDATE' : '')));
  return text;
}

/** Names of the statements kept prepared on each connection (`getPrepared`, the feed append). */
const PREPARED = new Map<string, string>();
function prepared(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = PREPARED.get(text);
  if (name === undefined) PREPARED.set(text, (name = `magpie_${PREPARED.size + 1}`));
  return { name, text, values: values as unknown[] };
}

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
  JOIN members mb ON mb.conversation_id = s.conversation_id AND mb.user_id = $3
  WHERE s.tokens @> $1::text[] AND s.pos < $2
    AND m.seq > mb.visible_from_seq AND (mb.until_seq IS NULL OR m.seq <= mb.until_seq)
    AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = mb.user_id AND h.message_id = m.id)
    AND ($4::text IS NULL OR s.conversation_id = $4)
  ORDER BY s.pos DESC LIMIT $5`;

/**
 * Feed positions must become visible in order, or a reader that saw position 11 before 9
 * committed would skip 9 forever. Every writing transaction allocates its positions as its last
 * step, after taking this transaction-scoped advisory lock; the lock is released only after the
 * commit is visible, so positions are handed out, and become visible, in commit order.
 *
 * One statement, one round trip: the lock, the rows, and each changed thing's `rev` (see
 * `revStamps`; the rows stamped are already locked by the transaction). The lock comes first by
 * data flow: every row to insert comes out of a join with the lock's (materialized) CTE, so the
 * lock is held before the first row, and so the first identity value, exists (EXPLAIN: the
 * identity's nextval is projected above that join).
 */
const FEED_LOCK = 7_307_518;
const FEED_APPEND = `
  WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock($1) IS NULL AS held),
  inserted AS (
    INSERT INTO feed (conversation_id, target_user_id, kind, message_id, seq, at)
    SELECT r.conversation_id, r.target_user_id, r.kind, r.message_id, r.seq, $7
    FROM locked CROSS JOIN unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY
      AS r(conversation_id, target_user_id, kind, message_id, seq, n)
    ORDER BY r.n
    RETURNING pos, conversation_id, target_user_id, kind, message_id
  ),
  messages_stamped AS (
    UPDATE messages m SET rev = x.pos FROM (SELECT message_id, MAX(pos) AS pos FROM inserted WHERE kind = 'message' GROUP BY message_id) x
    WHERE m.id = x.message_id
  ),
  conversations_stamped AS (
    UPDATE conversations c SET rev = x.pos
    FROM (SELECT conversation_id, MAX(pos) AS pos FROM inserted WHERE kind = 'conversation' AND target_user_id IS NULL GROUP BY conversation_id) x
    WHERE c.id = x.conversation_id
  ),
  members_stamped AS (
    UPDATE members mb SET rev = x.pos
    FROM (SELECT conversation_id, target_user_id, MAX(pos) AS pos FROM inserted WHERE kind = 'conversation' AND target_user_id IS NOT NULL
      GROUP BY conversation_id, target_user_id) x
    WHERE mb.conversation_id = x.conversation_id AND mb.user_id = x.target_user_id
  )
  SELECT pos, conversation_id, target_user_id, kind, message_id FROM inserted`;

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
  readonly messaging: Messaging;

  private constructor(readonly pool: pg.Pool) {
    this.messaging = new Messaging({
      write: (op) => this.transaction((client) => driveAsync(op(), (q) => this.exec(client, q))),
      // One snapshot for the whole read: catch-up reads the feed head and the rows together.
      read: (op) => this.transaction((client) => driveAsync(op(), (q) => this.exec(client, q)), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
    });
  }

  private async exec(client: pg.PoolClient, query: Query): Promise<unknown> {
    switch (query.op) {
      case 'all':
        return (await client.query(numbered(query.sql, query.lock), query.params as unknown[])).rows;
      case 'get': {
        const text = numbered(query.sql, query.lock);
        return (await client.query(query.prepared ? prepared(text, query.params) : { text, values: query.params as unknown[] })).rows[0];
      }
      case 'run':
        return (await client.query(numbered(query.sql), query.params as unknown[])).rowCount ?? 0;
      case 'index':
        return indexMessage(client, query.messageId, query.conversationId, query.text);
      case 'dialect':
        return 'postgres';
      case 'feed': {
        const rows = query.rows;
        const inserted = (await client.query<{ pos: number; conversation_id: string; target_user_id: string | null; kind: string; message_id: string | null }>(prepared(FEED_APPEND, [
          FEED_LOCK, rows.map((r) => r.conversationId), rows.map((r) => r.target), rows.map((r) => r.kind), rows.map((r) => r.messageId), rows.map((r) => r.seq), Date.now(),
        ]))).rows;
        // RETURNING order is not promised: match each row back by its content.
        return rows.map((r) => {
          const i = inserted.findIndex((x) => x.conversation_id === r.conversationId && x.target_user_id === r.target && x.kind === r.kind && x.message_id === r.messageId);
          return inserted.splice(i, 1)[0]!.pos;
        });
      }
    }
  }

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

  // Files: SQL in files-postgres.ts.
  recordUpload(input: NewUploadedFile) { return postgresFiles.recordUpload(this.pool, input); }
  findFile(fileId: string) { return postgresFiles.findFile(this.pool, fileId); }
  findFileByUpload(uploadId: string) { return postgresFiles.findFileByUpload(this.pool, uploadId); }
  canReadFile(fileId: string, userId: string) { return postgresFiles.canReadFile(this.pool, fileId, userId); }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  async countUsers(): Promise<number> {
    return (await this.pool.query<{ n: number }>(P.countUsers)).rows[0]!.n;
  }

  async createUser(input: NewUser): Promise<User> {
    const user: User = { id: newId(), username: input.username, displayName: input.displayName, avatarFileId: null, isAdmin: false };
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

  // Accounts (accounts-store.ts): delegated to their own file, sharing this pool.
  private accountsPart?: PostgresAccounts;
  private get accounts(): PostgresAccounts {
    return (this.accountsPart ??= new PostgresAccounts(this.pool));
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
