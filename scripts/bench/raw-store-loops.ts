import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresStore } from '../../server/src/store/postgres-store';
import { Q } from '../../server/src/store/queries';
import { applyMigrations } from '../../server/src/store/sqlite-store';

/**
 * Raw baselines for durable sends: the least work a store can do per message (allocate the next
 * seq under the conversation's lock and insert the row, one transaction each), with no protocol,
 * validation, membership check or push. Same schema and durability settings as the server.
 */

const SEQ_AND_INSERT = (p: (n: number) => string) => `
  WITH bumped AS (UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ${p(1)} RETURNING last_seq)
  INSERT INTO messages (id, conversation_id, seq, client_id, sender_id, kind, text, created_at)
  SELECT ${p(2)}, ${p(1)}, last_seq, ${p(3)}, ${p(4)}, 'text', ${p(5)}, ${p(6)} FROM bumped`;

function seedSql(conversations: number): string[] {
  const now = Date.now();
  const sql = [`INSERT INTO users (id, username, display_name, display_name_folded, password_hash, created_at) VALUES ('u', 'u', 'u', 'u', 'x', ${now})`];
  for (let c = 0; c < conversations; c++) {
    sql.push(`INSERT INTO conversations (id, kind, direct_key, last_seq, created_at) VALUES ('c${c}', 'direct', 'k${c}', 0, ${now})`);
  }
  return sql;
}

/** better-sqlite3, WAL + synchronous=NORMAL as the server opens it; messages/s. */
export function rawSqliteLoop(count: number, text: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'magpie-bench-raw-'));
  const db = new Database(path.join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
    for (const sql of seedSql(1)) db.exec(sql);
    // SQLite has no UPDATE inside WITH: two statements in one transaction, as the store does.
    const allocate = db.prepare(Q.allocateSeq);
    const insert = db.prepare(Q.insertMessage);
    const append = db.transaction((i: number) => {
      const { last_seq } = allocate.get('c0') as { last_seq: number };
      insert.run(`m${i}`, 'c0', last_seq, `c${i}`, 'u', 'text', text, Date.now());
    });
    const started = performance.now();
    for (let i = 0; i < count; i++) append.immediate(i);
    return count / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pg, `concurrency` connections each appending to its own conversation; messages/s. */
export async function rawPostgresLoop(databaseUrl: string, count: number, concurrency: number, text: string): Promise<number> {
  await (await PostgresStore.open(databaseUrl, 1)).close(); // migrate
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  // pool.end() resolves before its sockets close; the database's DROP … WITH (FORCE) may then end them.
  pool.on('error', () => {});
  try {
    for (const sql of seedSql(concurrency)) await pool.query(sql);
    const statement = SEQ_AND_INSERT((n) => `$${n}`);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, c) => {
        while (next < count) {
          const i = next++;
          await pool.query(statement, [`c${c}`, `m${i}`, `c${i}`, 'u', text, Date.now()]);
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
  }
}
