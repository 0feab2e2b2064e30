import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests: `MAGPIE_TEST_PG_URL` names a cluster (any database on it, usually
 * `postgres`) whose user may CREATE DATABASE. `scripts/pg-cluster.sh start <dir>` prints one.
 */
export const TEST_PG_URL: string | undefined = process.env.MAGPIE_TEST_PG_URL || undefined;

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, ending whatever connections are still open to it. */
  drop(): Promise<void>;
}

/** A fresh, empty database on the test cluster, so each test server starts from nothing. */
export async function createTestDatabase(adminUrl = TEST_PG_URL): Promise<TestDatabase> {
  if (!adminUrl) throw new Error('MAGPIE_TEST_PG_URL is not set; start a cluster with scripts/pg-cluster.sh start <dir>');
  const name = `magpie_test_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () => (dropped ??= admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs one query against a test database (for tests that inspect what was stored). */
export async function queryTestDatabase<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
