import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { IdSchema } from '../../../shared/protocol';
import { MIGRATIONS } from './migrations';
import { SqliteStore } from './sqlite-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'magpie-store-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('embedded store', () => {
  it('applies migrations once and records the schema version', async () => {
    const dir = tempDir();
    await (await SqliteStore.open(dir)).close();
    const reopened = SqliteStore.open(dir); // a second start must not re-run anything
    await reopened.close();
    const db = new Database(path.join(dir, 'magpie.db'), { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_version ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('creates ids that satisfy the protocol, and a direct conversation once per pair', async () => {
    const store = SqliteStore.open(tempDir());
    const a = await store.createUser({ username: 'a1', displayName: 'A', passwordHash: 'x' });
    const b = await store.createUser({ username: 'b1', displayName: 'B', passwordHash: 'x' });
    expect(IdSchema.safeParse(a.id).success).toBe(true);
    const first = await store.openDirect(a.id, b.id);
    const second = await store.openDirect(b.id, a.id);
    expect(first.created).toBe(true);
    expect(second).toEqual({ conversation: first.conversation, created: false });
    await store.close();
  });

  it('refuses to reuse a clientId in another conversation instead of returning the wrong message', async () => {
    const store = SqliteStore.open(tempDir());
    const [a, b, c] = await Promise.all(['a2', 'b2', 'c2'].map((username) => store.createUser({ username, displayName: username, passwordHash: 'x' })));
    const ab = (await store.openDirect(a!.id, b!.id)).conversation;
    const ac = (await store.openDirect(a!.id, c!.id)).conversation;
    await store.appendMessage({ conversationId: ab.id, senderId: a!.id, clientId: 'same', text: 'hi' });
    const error = await store.appendMessage({ conversationId: ac.id, senderId: a!.id, clientId: 'same', text: 'hi' }).catch((e: unknown) => e);
    expect(isMagpieError(error, 'validation.invalid')).toBe(true);
    expect((await store.listConversations(a!.id)).find((x) => x.id === ac.id)?.lastSeq).toBe(0);
    await store.close();
  });
});
