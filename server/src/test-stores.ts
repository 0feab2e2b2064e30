import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe } from 'vitest';
import { PostgresStore } from './store/postgres-store';
import { positional } from './store/queries';
import { SqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';
import type { TestServer, TestStoreKind } from './testing';
import { createTestDatabase, queryTestDatabase, TEST_PG_URL } from './testing-postgres';

/** Test-only: runs a suite once per store, so both engines answer to the same expectations. */
export interface StoreVariant {
  kind: TestStoreKind;
  label: string;
}

export const STORE_VARIANTS: readonly StoreVariant[] = [
  { kind: 'sqlite', label: 'embedded SQLite' },
  { kind: 'postgres', label: 'PostgreSQL' },
];

export const PG_SKIP_REASON = 'skipped: MAGPIE_TEST_PG_URL is not set (scripts/pg-cluster.sh start <dir> prints one)';

/**
 * `describe` for each store. Without `MAGPIE_TEST_PG_URL` the PostgreSQL copy is reported as
 * skipped, with the reason in its title, rather than passing without having run.
 */
export function describeEachStore(title: string, suite: (variant: StoreVariant) => void): void {
  for (const variant of STORE_VARIANTS) {
    const skip = variant.kind === 'postgres' && !TEST_PG_URL;
    describe.skipIf(skip)(`${title} [${variant.label}]${skip ? ` (${PG_SKIP_REASON})` : ''}`, () => suite(variant));
  }
}

/** `describe` for suites that only make sense on PostgreSQL (several nodes, NOTIFY limits). */
export function describePostgres(title: string, suite: () => void): void {
  describe.skipIf(!TEST_PG_URL)(`${title} [PostgreSQL]${TEST_PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, suite);
}

/** Reads what a test server stored, straight from its database (`?` placeholders, either store). */
export async function storedRows<T extends Record<string, unknown>>(server: TestServer, sql: string, params: unknown[] = []): Promise<T[]> {
  if (server.databaseUrl) return queryTestDatabase<T>(server.databaseUrl, positional(sql), params);
  const db = new Database(path.join(server.dataDir, 'magpie.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A store of its own (a temporary directory, or a fresh database); `remove` closes and deletes it. */
export async function openTestStore(kind: TestStoreKind): Promise<{ store: Store; remove(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'magpie-store-'));
    const store = SqliteStore.open(dir);
    return { store, remove: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const database = await createTestDatabase();
  const store = await PostgresStore.open(database.url, 4);
  return { store, remove: async () => { await store.close(); await database.drop(); } };
}
