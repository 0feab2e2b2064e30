/**
 * Versioned schema changes, applied in order at start-up by both stores. Each entry runs once, in
 * a transaction, and its number is recorded in `schema_version`. Append new entries; never edit
 * applied ones. The SQL is shared: portable types and plain constraints, with the few words the
 * two dialects spell differently filled in from `Dialect` (SQLite's text must stay exactly what
 * existing data directories were created with).
 */
export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** Epoch milliseconds and counters: SQLite's INTEGER is 64-bit, PostgreSQL's is 32-bit. */
  bigint: string;
}

export const SQLITE: Dialect = { name: 'sqlite', bigint: 'INTEGER' };
export const POSTGRES: Dialect = { name: 'postgres', bigint: 'BIGINT' };

export interface Migration {
  version: number;
  name: string;
  sql: (d: Dialect) => string;
}

/** The table both stores record applied versions in. */
export const SCHEMA_VERSION_TABLE = (d: Dialect) =>
  `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${d.bigint} NOT NULL)`;

/** Refuses a database written by a newer server, which this one might corrupt. */
export function pendingMigrations(current: number): readonly Migration[] {
  const newest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (current > newest) {
    throw new Error(`The database has schema version ${current}, newer than this server knows (${newest}); run a newer server`);
  }
  return MIGRATIONS.filter((m) => m.version > current);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users, sessions, direct conversations, messages',
    sql: (d) => `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        -- lower-cased display name (full Unicode case folding done in JS) for search
        display_name_folded TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL
      );

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at ${d.bigint} NOT NULL,
        last_seen_at ${d.bigint} NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions(user_id);

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('direct')),
        -- "<smaller user id>:<larger user id>": makes a direct conversation exist at most once
        direct_key TEXT UNIQUE,
        last_seq ${d.bigint} NOT NULL DEFAULT 0,
        created_at ${d.bigint} NOT NULL
      );

      CREATE TABLE members (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, user_id)
      );
      CREATE INDEX members_by_user ON members(user_id);

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq ${d.bigint} NOT NULL,
        client_id TEXT NOT NULL,
        sender_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL,
        UNIQUE (conversation_id, seq),
        UNIQUE (sender_id, client_id)
      );
    `,
  },
  {
    version: 2,
    name: 'read markers on members',
    // Each member's highest read seq. Existing members start at their own newest message, the
    // invariant sending keeps from now on (own messages are never unread), so unread counts are
    // lastSeq - read_seq from the first start of the new server.
    sql: (d) => `
      ALTER TABLE members ADD COLUMN read_seq ${d.bigint} NOT NULL DEFAULT 0;
      UPDATE members SET read_seq = COALESCE(
        (SELECT MAX(m.seq) FROM messages m WHERE m.conversation_id = members.conversation_id AND m.sender_id = members.user_id), 0);
    `,
  },
  {
    version: 3,
    name: 'message search index',
    // One row per indexed message in `message_search`; `pos` is its place in insertion order
    // (results come newest first by it, and it is the paging cursor). Tokens come from
    // shared/search (JS), so this step only lists existing messages, oldest first, as pending
    // (SQLite `pending = 1`, PostgreSQL `tokens IS NULL`); each store tokenizes pending rows at
    // open (`backfillSearchIndex`) before it serves. SQLite keeps the tokens, space-joined, in
    // an FTS5 table keyed by `pos` (the `ascii` tokenizer splits on spaces only, so CJK bigrams
    // survive; contentless, no positions: phrases are verified against the text). PostgreSQL
    // keeps them as a text[] with a GIN index (`tokens @> query tokens`).
    sql: (d) => d.name === 'sqlite' ? `
      CREATE TABLE message_search (
        pos INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
        conversation_id TEXT NOT NULL,
        pending INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX message_search_by_conversation ON message_search(conversation_id, pos);
      CREATE INDEX message_search_pending ON message_search(pos) WHERE pending = 1;
      CREATE VIRTUAL TABLE message_fts USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
      INSERT INTO message_search (message_id, conversation_id, pending)
        SELECT id, conversation_id, 1 FROM messages ORDER BY created_at, conversation_id, seq;
    ` : `
      CREATE TABLE message_search (
        pos BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
        conversation_id TEXT NOT NULL,
        tokens TEXT[]
      );
      CREATE INDEX message_search_tokens ON message_search USING GIN (tokens);
      CREATE INDEX message_search_by_conversation ON message_search(conversation_id, pos);
      CREATE INDEX message_search_pending ON message_search(pos) WHERE tokens IS NULL;
      INSERT INTO message_search (message_id, conversation_id)
        SELECT id, conversation_id FROM messages ORDER BY created_at, conversation_id, seq;
    `,
  },
];
