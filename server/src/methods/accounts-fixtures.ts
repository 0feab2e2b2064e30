import path from 'node:path';
import Database from 'better-sqlite3';
import { isMagpieError, type MagpieError } from '../../../shared/errors';
import { positional } from '../store/queries';
import { signedInClient, type SignedIn } from '../test-fixtures';
import type { TestServer } from '../testing';
import { queryTestDatabase } from '../testing-postgres';

/** Test-only helpers for the accounts suites (auth, sessions, profile, admin). */

/** The MagpieError a request failed with; fails the test when it succeeded or threw anything else. */
export async function rejection(promise: Promise<unknown>): Promise<MagpieError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isMagpieError(error)) throw new Error(`expected a MagpieError, got ${String(error)}`);
  return error;
}

/**
 * Changes what a running test server stored (`?` placeholders, either store): to age a session
 * or an invite past its limit without waiting days. SQLite's WAL lets this run beside the server.
 */
export async function writeStored(server: TestServer, sql: string, params: unknown[] = []): Promise<void> {
  if (server.databaseUrl) {
    await queryTestDatabase(server.databaseUrl, positional(sql), params);
    return;
  }
  const db = new Database(path.join(server.dataDir, 'magpie.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** The workspace's first account, hence its admin. Call before anyone else signs up. */
export async function firstAdmin(server: TestServer): Promise<SignedIn> {
  const admin = await signedInClient(server, 'admin');
  if (!admin.session.user.isAdmin) throw new Error('the test server already had accounts: the admin must sign up first');
  return admin;
}
