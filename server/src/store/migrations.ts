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
  {
    version: 4,
    name: 'groups, roles, message kinds and operations, the change feed',
    // Groups widen `conversations.kind` (SQLite cannot alter a CHECK: the table is rebuilt, with
    // foreign keys off for this step, see applyMigrations). Members keep their row when they leave
    // (`state` left/dissolved, `until_seq` the last seq they may see) so they still read what they
    // held. Message parts that are objects (attachment, card, system event, reply, forward,
    // reactions, mentions) are JSON text: always read and written whole, with the message.
    // `attachment_file_id` and `reply_to_id` are indexed copies: files are authorized by the
    // first, a recall blanks the previews of replies found by the second. Flags are INTEGER 0/1.
    // The feed: one row per change, `pos` allocated in commit order (server/README.md).
    sql: (d) => `
      ${d.name === 'sqlite' ? `
      CREATE TABLE conversations_v4 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
        direct_key TEXT UNIQUE,
        last_seq INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      INSERT INTO conversations_v4 (id, kind, direct_key, last_seq, created_at)
        SELECT id, kind, direct_key, last_seq, created_at FROM conversations;
      DROP TABLE conversations;
      ALTER TABLE conversations_v4 RENAME TO conversations;
      ` : `
      ALTER TABLE conversations DROP CONSTRAINT conversations_kind_check;
      ALTER TABLE conversations ADD CONSTRAINT conversations_kind_check CHECK (kind IN ('direct', 'group'));
      `}
      ALTER TABLE conversations ADD COLUMN title TEXT NOT NULL DEFAULT '';
      ALTER TABLE conversations ADD COLUMN avatar_file_id TEXT;
      ALTER TABLE conversations ADD COLUMN announcement TEXT NOT NULL DEFAULT '';
      ALTER TABLE conversations ADD COLUMN all_muted INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN history_visible INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE conversations ADD COLUMN dissolved_at ${d.bigint};
      ALTER TABLE conversations ADD COLUMN rev ${d.bigint} NOT NULL DEFAULT 0;
      CREATE INDEX conversations_by_avatar ON conversations(avatar_file_id) WHERE avatar_file_id IS NOT NULL;

      ALTER TABLE members ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
      ALTER TABLE members ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
      ALTER TABLE members ADD COLUMN visible_from_seq ${d.bigint} NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN until_seq ${d.bigint};
      ALTER TABLE members ADD COLUMN notify_muted INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN joined_at ${d.bigint} NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN rev ${d.bigint} NOT NULL DEFAULT 0;

      ALTER TABLE messages ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE messages ADD COLUMN mentions_all INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE messages ADD COLUMN attachment TEXT;
      ALTER TABLE messages ADD COLUMN attachment_file_id TEXT;
      ALTER TABLE messages ADD COLUMN card TEXT;
      ALTER TABLE messages ADD COLUMN system TEXT;
      ALTER TABLE messages ADD COLUMN reply_to TEXT;
      ALTER TABLE messages ADD COLUMN reply_to_id TEXT;
      ALTER TABLE messages ADD COLUMN forwarded_from TEXT;
      ALTER TABLE messages ADD COLUMN edited_at ${d.bigint};
      ALTER TABLE messages ADD COLUMN recalled_by TEXT;
      ALTER TABLE messages ADD COLUMN recalled_at ${d.bigint};
      ALTER TABLE messages ADD COLUMN reactions TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE messages ADD COLUMN rev ${d.bigint} NOT NULL DEFAULT 0;
      CREATE INDEX messages_by_attachment ON messages(attachment_file_id) WHERE attachment_file_id IS NOT NULL;
      CREATE INDEX messages_by_reply_to ON messages(reply_to_id) WHERE reply_to_id IS NOT NULL;

      CREATE TABLE hidden_messages (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        conversation_id TEXT NOT NULL,
        hidden_at ${d.bigint} NOT NULL,
        PRIMARY KEY (user_id, message_id)
      );

      CREATE TABLE feed (
        pos ${d.name === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
        conversation_id TEXT NOT NULL,
        target_user_id TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('message', 'conversation', 'hidden')),
        message_id TEXT,
        -- the message's seq, so members who left still get changes to what they hold (seq <= until_seq)
        seq ${d.bigint},
        at ${d.bigint} NOT NULL
      );
      -- catch-up reads each active conversation's untargeted rows, and the caller's targeted rows
      CREATE INDEX feed_by_conversation ON feed(conversation_id, pos) WHERE target_user_id IS NULL;
      CREATE INDEX feed_by_target ON feed(target_user_id, pos) WHERE target_user_id IS NOT NULL;

      -- presence: each node's count of a user's sockets (and how many said away), kept alive by
      -- the node's heartbeat; rows of a node that stopped beating expire
      CREATE TABLE presence (
        user_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        sockets INTEGER NOT NULL,
        away INTEGER NOT NULL,
        expires_at ${d.bigint} NOT NULL,
        PRIMARY KEY (user_id, node_id)
      );
      CREATE INDEX presence_by_node ON presence(node_id);
      CREATE INDEX presence_by_expiry ON presence(expires_at);
    `,
  },
  {
    version: 5,
    name: 'accounts: admins, avatars, sessions per device, workspace settings, invites, audit log',
    // The oldest existing account becomes the workspace admin, so an upgraded workspace has one
    // (new workspaces: the first sign-up). Sessions get an id to be listed and revoked by (the
    // token hash must never leave the server) and the device name given at sign-in. Flags are
    // INTEGER 0/1 on both engines so the shared SQL reads the same. The audit log has no foreign
    // keys: it outlives the accounts and sessions it talks about.
    sql: (d) => `
      ALTER TABLE users ADD COLUMN avatar_file_id TEXT;
      ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
      UPDATE users SET is_admin = 1 WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1);

      ALTER TABLE sessions ADD COLUMN id TEXT;
      ALTER TABLE sessions ADD COLUMN device_name TEXT NOT NULL DEFAULT '';
      UPDATE sessions SET id = ${d.name === 'sqlite' ? 'lower(hex(randomblob(16)))' : 'md5(random()::text || clock_timestamp()::text || token_hash)'};
      CREATE UNIQUE INDEX sessions_by_id ON sessions(id);

      CREATE TABLE workspace_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        signup TEXT NOT NULL CHECK (signup IN ('open', 'invite', 'closed')),
        recall_window_ms ${d.bigint} NOT NULL
      );

      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        -- SHA-256 of the normalized code: the code itself is shown once, to the admin who made it
        code_hash TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at ${d.bigint} NOT NULL,
        expires_at ${d.bigint} NOT NULL,
        used_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        used_at ${d.bigint}
      );

      CREATE TABLE audit_log (
        id ${d.name === 'sqlite' ? 'INTEGER PRIMARY KEY' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
        at ${d.bigint} NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target_id TEXT,
        detail TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'uploaded files',
    // One row per recorded file; a thumbnail is a row of its own (`original_id` set), so it has an
    // id, a hash and a size like any file, and `thumbnail_id` on the original names it (no foreign
    // key that way round: the original is inserted first). `upload_id` is unique so a finished
    // upload is recorded once, whichever node or retried request gets there first. Who may read
    // a file is asked of messages.attachment_file_id (4), conversations.avatar_file_id (4) and
    // users.avatar_file_id (5, indexed here).
    sql: (d) => `
      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        upload_id TEXT UNIQUE,
        uploader_id TEXT NOT NULL REFERENCES users(id),
        original_id TEXT REFERENCES files(id) ON DELETE CASCADE,
        thumbnail_id TEXT,
        name TEXT NOT NULL,
        size ${d.bigint} NOT NULL,
        content_type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        width INTEGER,
        height INTEGER,
        storage_key TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL
      );
      CREATE INDEX files_by_uploader ON files(uploader_id, created_at);
      -- "is it someone's avatar?" is asked on downloads of files one did not upload
      CREATE INDEX users_by_avatar ON users(avatar_file_id) WHERE avatar_file_id IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'feed retention floor',
    // Old feed rows are pruned (MAGPIE_FEED_RETENTION_DAYS). One row records the highest position
    // pruned so far: a catch-up from a cursor below it would miss rows, so it gets
    // sync.cursor_expired. Positions can have gaps, so the smallest kept position cannot tell it.
    sql: (d) => `
      CREATE TABLE feed_floor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pruned_through ${d.bigint} NOT NULL
      );
      INSERT INTO feed_floor (id, pruned_through) VALUES (1, 0);
    `,
  },
];
