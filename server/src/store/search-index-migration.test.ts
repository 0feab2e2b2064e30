import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { matchText, parseQuery, requiredTokens } from '../../../shared/search/query';
import { describeEachStore } from '../test-stores';
import { createTestDatabase, queryTestDatabase } from '../testing-postgres';
import { MIGRATIONS, POSTGRES, SCHEMA_VERSION_TABLE, SQLITE } from './migrations';
import { PostgresStore } from './postgres-store';
import { positional } from './queries';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

/** A workspace written by a server from before the search index (schema version 2). */
const TEXTS = ['旧消息：明天开会', 'Old résumé draft', '今天天气不错', '开会记录 archived'];
const LEGACY_ROWS: Array<[string, unknown[]]> = [
  ["INSERT INTO users (id, username, display_name, display_name_folded, password_hash, created_at) VALUES ('ann', 'ann', 'Ann', 'ann', 'x', 1), ('bo', 'bo', 'Bo', 'bo', 'x', 1), ('cy', 'cy', 'Cy', 'cy', 'x', 1)", []],
  ["INSERT INTO conversations (id, kind, direct_key, last_seq, created_at) VALUES ('c1', 'direct', 'ann:bo', 4, 1)", []],
  ["INSERT INTO members (conversation_id, user_id) VALUES ('c1', 'ann'), ('c1', 'bo')", []],
  ...TEXTS.map((text, i): [string, unknown[]] => [
    "INSERT INTO messages (id, conversation_id, seq, client_id, sender_id, kind, text, created_at) VALUES (?, 'c1', ?, ?, 'ann', 'text', ?, ?)",
    [`m${i + 1}`, i + 1, `m${i + 1}`, text, 1000 + i],
  ]),
  ...[1, 2].map((v): [string, unknown[]] => ['INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, 1)', [v, MIGRATIONS[v - 1]!.name]]),
];

describeEachStore('search index migration', ({ kind }) => {
  async function legacyStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'magpie-legacy-'));
      const db = new Database(path.join(dir, 'magpie.db'));
      db.exec(SCHEMA_VERSION_TABLE(SQLITE));
      for (const m of MIGRATIONS.slice(0, 2)) db.exec(m.sql(SQLITE));
      for (const [sql, params] of LEGACY_ROWS) db.prepare(sql).run(...params);
      db.close();
      const store = SqliteStore.open(dir);
      return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    }
    const database = await createTestDatabase();
    await queryTestDatabase(database.url, SCHEMA_VERSION_TABLE(POSTGRES));
    for (const m of MIGRATIONS.slice(0, 2)) await queryTestDatabase(database.url, m.sql(POSTGRES));
    for (const [sql, params] of LEGACY_ROWS) await queryTestDatabase(database.url, positional(sql), params);
    const store = await PostgresStore.open(database.url, 2);
    return { store, cleanup: async () => { await store.close(); await database.drop(); } };
  }

  const search = async (store: Store, userId: string, query: string, conversationId?: string) => {
    const terms = parseQuery(query);
    const found = await store.searchCandidates(userId, requiredTokens(terms), { limit: 50, ...(conversationId ? { conversationId } : {}) });
    return found.filter((c) => matchText(terms, c.message.text)).map((c) => c.message.text);
  };

  it('indexes messages stored before the index, oldest lowest, for members only; new sends and reindexing join them', async () => {
    const { store, cleanup } = await legacyStore();
    try {
      expect(await search(store, 'bo', '开会')).toEqual(['开会记录 archived', '旧消息：明天开会']);
      expect(await search(store, 'bo', 'resume')).toEqual(['Old résumé draft']);
      expect(await search(store, 'bo', '天')).toEqual(['今天天气不错', '旧消息：明天开会']);
      expect(await search(store, 'cy', '开会')).toEqual([]);
      expect(await search(store, 'cy', '开会', 'c1')).toEqual([]);

      const { message } = (await store.messaging.send({
        conversationId: 'c1', senderId: 'bo', clientId: 'new1', kind: 'text', text: '新的开会通知', mentions: [], mentionsAll: false, attachment: null, card: null, now: Date.now(),
      })).result;
      expect(await search(store, 'ann', '开会')).toEqual(['新的开会通知', '开会记录 archived', '旧消息：明天开会']);
      const positions = (await store.searchCandidates('ann', ['开会'], { limit: 10 })).map((c) => c.position);
      expect(positions).toEqual([...positions].sort((a, b) => b - a));

      // Re-indexing keeps the position; a message that is gone leaves the index.
      await store.reindexMessage(message.id);
      expect((await store.searchCandidates('ann', ['开会'], { limit: 1 }))[0]).toEqual({ position: positions[0], message });
      await store.reindexMessage('no-such-message');
    } finally {
      await cleanup();
    }
  });
});
