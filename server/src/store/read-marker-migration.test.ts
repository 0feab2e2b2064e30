import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { describeEachStore } from '../test-stores';
import { createTestDatabase, queryTestDatabase } from '../testing-postgres';
import { MIGRATIONS, POSTGRES, SCHEMA_VERSION_TABLE, SQLITE } from './migrations';
import { PostgresStore } from './postgres-store';
import { positional } from './queries';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

/** A workspace written by a server from before read markers (schema version 1). */
const LEGACY_ROWS: Array<[string, unknown[]]> = [
  ["INSERT INTO users (id, username, display_name, display_name_folded, password_hash, created_at) VALUES ('ann', 'ann', 'Ann', 'ann', 'x', 1), ('bo', 'bo', 'Bo', 'bo', 'x', 1)", []],
  ["INSERT INTO conversations (id, kind, direct_key, last_seq, created_at) VALUES ('c1', 'direct', 'ann:bo', 4, 1)", []],
  ["INSERT INTO members (conversation_id, user_id) VALUES ('c1', 'ann'), ('c1', 'bo')", []],
  ...[['m1', 1, 'bo'], ['m2', 2, 'ann'], ['m3', 3, 'bo'], ['m4', 4, 'bo']].map(([id, seq, sender]): [string, unknown[]] => [
    "INSERT INTO messages (id, conversation_id, seq, client_id, sender_id, kind, text, created_at) VALUES (?, 'c1', ?, ?, ?, 'text', 'hi', 1)",
    [id, seq, id, sender],
  ]),
  ['INSERT INTO schema_version (version, name, applied_at) VALUES (1, ?, 1)', [MIGRATIONS[0]!.name]],
];

describeEachStore('read-marker migration', ({ kind }) => {
  async function legacyStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'magpie-legacy-'));
      const db = new Database(path.join(dir, 'magpie.db'));
      db.exec(SCHEMA_VERSION_TABLE(SQLITE));
      db.exec(MIGRATIONS[0]!.sql(SQLITE));
      for (const [sql, params] of LEGACY_ROWS) db.prepare(sql).run(...params);
      db.close();
      const store = SqliteStore.open(dir);
      return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    }
    const database = await createTestDatabase();
    await queryTestDatabase(database.url, SCHEMA_VERSION_TABLE(POSTGRES));
    await queryTestDatabase(database.url, MIGRATIONS[0]!.sql(POSTGRES));
    for (const [sql, params] of LEGACY_ROWS) await queryTestDatabase(database.url, positional(sql), params);
    const store = await PostgresStore.open(database.url, 2);
    return { store, cleanup: async () => { await store.close(); await database.drop(); } };
  }

  it('starts each member at their own newest message, so nothing they sent counts as unread', async () => {
    const { store, cleanup } = await legacyStore();
    try {
      const [ann] = await store.messaging.listConversations('ann');
      const [bo] = await store.messaging.listConversations('bo');
      expect(ann).toMatchObject({ lastSeq: 4, readSeq: 2, unreadCount: 2, peerReadSeq: 4 });
      expect(bo).toMatchObject({ lastSeq: 4, readSeq: 4, unreadCount: 0, peerReadSeq: 2 });
      expect((await store.messaging.markRead('ann', 'c1', 3)).result).toEqual({ readSeq: 3, unreadCount: 1 });
    } finally {
      await cleanup();
    }
  });
});
