import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { isMagpieError, type ErrorCode } from '../../../shared/errors';
import { IdSchema } from '../../../shared/protocol';
import { describeEachStore } from '../test-stores';
import { createTestDatabase, queryTestDatabase } from '../testing-postgres';
import { MIGRATIONS, POSTGRES, SCHEMA_VERSION_TABLE, SQLITE } from './migrations';
import { PostgresStore } from './postgres-store';
import { positional } from './queries';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

/** A workspace from before accounts had admins and sessions had ids (schema version 1). */
const LEGACY_ROWS: Array<[string, unknown[]]> = [
  ["INSERT INTO users (id, username, display_name, display_name_folded, password_hash, created_at) VALUES ('ann', 'ann', 'Ann', 'ann', 'x', 5), ('bo', 'bo', 'Bo', 'bo', 'x', 1)", []],
  ["INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('h-ann', 'ann', 10, ?)", [Date.now()]],
  ['INSERT INTO schema_version (version, name, applied_at) VALUES (1, ?, 1)', [MIGRATIONS[0]!.name]],
];

describeEachStore('accounts store', ({ kind }) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** An empty store; `second()` opens another store on the same data (a second node). */
  async function fresh(legacy = false): Promise<{ store: Store; second: () => Promise<Store> }> {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'magpie-accounts-'));
      if (legacy) {
        const db = new Database(path.join(dir, 'magpie.db'));
        db.exec(SCHEMA_VERSION_TABLE(SQLITE));
        db.exec(MIGRATIONS[0]!.sql(SQLITE));
        for (const [sql, params] of LEGACY_ROWS) db.prepare(sql).run(...params);
        db.close();
      }
      const store = SqliteStore.open(dir);
      cleanups.push(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });
      return { store, second: async () => store };
    }
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    if (legacy) {
      await queryTestDatabase(database.url, SCHEMA_VERSION_TABLE(POSTGRES));
      await queryTestDatabase(database.url, MIGRATIONS[0]!.sql(POSTGRES));
      for (const [sql, params] of LEGACY_ROWS) await queryTestDatabase(database.url, positional(sql), params);
    }
    const open = async () => {
      const store = await PostgresStore.open(database.url, 4);
      cleanups.push(() => store.close());
      return store;
    };
    return { store: await open(), second: open };
  }

  async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | 'ok'> {
    return promise.then(() => 'ok' as const, (e: unknown) => {
      if (isMagpieError(e)) return e.code;
      throw e;
    });
  }

  const account = (username: string, inviteCodeHash?: string) => ({
    username, displayName: username.toUpperCase(), passwordHash: 'scrypt$x', ...(inviteCodeHash ? { inviteCodeHash } : {}),
  });

  it('keeps the configured settings until someone signs up, then only admins change them', async () => {
    const { store } = await fresh();
    expect(await store.getWorkspaceSettings()).toEqual({ signup: 'open', recallWindowMs: 120_000 });
    await store.initWorkspaceSettings({ signup: 'invite', recallWindowMs: 60_000 });
    await store.initWorkspaceSettings({ signup: 'closed', recallWindowMs: 5_000 }); // restarted with other settings, still empty
    expect(await store.getWorkspaceSettings()).toEqual({ signup: 'closed', recallWindowMs: 5_000 });
    await store.initWorkspaceSettings({ signup: 'open', recallWindowMs: 5_000 });
    await store.registerUser(account('first'));
    await store.initWorkspaceSettings({ signup: 'closed', recallWindowMs: 1 });
    expect(await store.getWorkspaceSettings()).toEqual({ signup: 'open', recallWindowMs: 5_000 });
    expect(await store.updateWorkspaceSettings({ signup: 'invite', recallWindowMs: undefined })).toEqual({ signup: 'invite', recallWindowMs: 5_000 });
    expect(await store.getWorkspaceSettings()).toEqual({ signup: 'invite', recallWindowMs: 5_000 });
  });

  it('makes the first account the admin, and no later one', async () => {
    const { store } = await fresh();
    const first = await store.registerUser(account('first'));
    const second = await store.registerUser(account('second'));
    expect(first).toMatchObject({ username: 'first', displayName: 'FIRST', isAdmin: true, avatarFileId: null });
    expect(second.isAdmin).toBe(false);
    expect(await store.findUserById(first.id)).toEqual(first);
    expect((await store.findCredentials('second'))?.user).toEqual(second);
    await store.setUserAdmin(second.id, true);
    expect((await store.findUserById(second.id))?.isAdmin).toBe(true);
  });

  it('refuses sign-up when closed and needs a live, unused invite when invite-only', async () => {
    const { store } = await fresh();
    await store.initWorkspaceSettings({ signup: 'invite', recallWindowMs: 1000 });
    const admin = await store.registerUser(account('admin')); // an empty workspace needs no invite
    expect(admin.isAdmin).toBe(true);
    await store.createInvite({ id: 'inv1', codeHash: 'good', createdBy: admin.id, expiresAt: Date.now() + 60_000 });
    await store.createInvite({ id: 'inv2', codeHash: 'old', createdBy: admin.id, expiresAt: Date.now() - 1 });

    expect(await codeOf(store.registerUser(account('nocode')))).toBe('auth.invite_invalid');
    expect(await codeOf(store.registerUser(account('wrong', 'nope')))).toBe('auth.invite_invalid');
    expect(await codeOf(store.registerUser(account('late', 'old')))).toBe('auth.invite_invalid');
    // A taken username fails before the invite is used up…
    expect(await codeOf(store.registerUser(account('admin', 'good')))).toBe('auth.username_taken');
    // …so it still works once, and only once.
    expect(await codeOf(store.registerUser(account('invited', 'good')))).toBe('ok');
    expect(await codeOf(store.registerUser(account('again', 'good')))).toBe('auth.invite_invalid');
    expect(await store.findCredentials('nocode')).toBeNull();
    expect(await store.findCredentials('again')).toBeNull();

    await store.updateWorkspaceSettings({ signup: 'closed' });
    await store.createInvite({ id: 'inv3', codeHash: 'fresh', createdBy: admin.id, expiresAt: Date.now() + 60_000 });
    expect(await codeOf(store.registerUser(account('closedout', 'fresh')))).toBe('auth.signup_closed');
    expect(await store.countUsers()).toBe(2);
  });

  it('lets one invite in once, and makes one admin, even when sign-ups race on two nodes', async () => {
    const { store, second } = await fresh();
    const other = await second();
    const firsts = await Promise.all(['a1', 'a2', 'a3', 'a4'].map((name, i) => (i % 2 ? other : store).registerUser(account(name))));
    expect(firsts.filter((u) => u.isAdmin)).toHaveLength(1);
    await store.updateWorkspaceSettings({ signup: 'invite' });
    await store.createInvite({ id: 'race', codeHash: 'once', createdBy: firsts[0]!.id, expiresAt: Date.now() + 60_000 });
    const outcomes = await Promise.all(['r1', 'r2', 'r3', 'r4'].map((name, i) => codeOf((i % 2 ? other : store).registerUser(account(name, 'once')))));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'auth.invite_invalid')).toHaveLength(3);
  });

  it('names sessions by an id with the device, expires idle ones and lists the live ones newest first', async () => {
    const { store } = await fresh();
    const me = await store.registerUser(account('me'));
    const them = await store.registerUser(account('them'));
    const laptop = await store.openSession({ tokenHash: 'h-laptop', userId: me.id, deviceName: 'Magpie on Windows' });
    const phone = await store.openSession({ tokenHash: 'h-phone', userId: me.id, deviceName: '' });
    expect(IdSchema.safeParse(laptop.id).success).toBe(true);
    expect(laptop.id).not.toBe('h-laptop');

    await new Promise((r) => setTimeout(r, 5)); // so the resume is strictly later than both sign-ins
    const resumed = await store.resumeSession('h-laptop', Date.now() - 60_000);
    expect(resumed).toEqual({ sessionId: laptop.id, user: me });
    expect(await store.resumeSession('h-unknown', 0)).toBeNull();

    const listed = await store.listSessions(me.id, 0);
    expect(listed.map((s) => s.id)).toEqual([laptop.id, phone.id]); // the laptop was used last
    expect(listed[0]).toMatchObject({ deviceName: 'Magpie on Windows', tokenHash: 'h-laptop' });
    expect(listed[0]!.lastSeenAt).toBeGreaterThanOrEqual(listed[0]!.createdAt);
    expect(await store.findUserSession(me.id, phone.id)).toMatchObject({ id: phone.id, tokenHash: 'h-phone' });
    expect(await store.findUserSession(them.id, phone.id)).toBeNull();

    // Idle since before the cut-off: gone for good, from resume and from the list.
    expect(await store.resumeSession('h-phone', Date.now() + 1)).toBeNull();
    expect(await store.resumeSession('h-phone', 0)).toBeNull();
    expect((await store.listSessions(me.id, 0)).map((s) => s.id)).toEqual([laptop.id]);
    expect(await store.listSessions(me.id, Date.now() + 1)).toEqual([]);
  });

  it('changes the password and ends every other session of that user in one step', async () => {
    const { store } = await fresh();
    const me = await store.registerUser(account('me'));
    const them = await store.registerUser(account('them'));
    for (const [hash, userId] of [['mine-1', me.id], ['mine-2', me.id], ['mine-3', me.id], ['theirs', them.id]] as const) {
      await store.openSession({ tokenHash: hash, userId, deviceName: hash });
    }
    const ended = await store.setPasswordHash(me.id, 'scrypt$new', 'mine-2');
    expect(ended.sort()).toEqual(['mine-1', 'mine-3']);
    expect((await store.findCredentials('me'))?.passwordHash).toBe('scrypt$new');
    expect((await store.listSessions(me.id, 0)).map((s) => s.tokenHash)).toEqual(['mine-2']);
    expect(await store.resumeSession('theirs', 0)).not.toBeNull();
    expect((await store.findCredentials('them'))?.passwordHash).toBe('scrypt$x');
  });

  it('updates only the given profile fields and finds who shares a conversation', async () => {
    const { store } = await fresh();
    const me = await store.registerUser(account('me'));
    const friend = await store.registerUser(account('friend'));
    await store.registerUser(account('stranger'));
    await store.messaging.openDirect(me.id, friend.id, Date.now());
    const renamed = await store.updateProfile(me.id, { displayName: '王小明' });
    expect(renamed).toEqual({ ...me, displayName: '王小明' });
    expect(await store.updateProfile(me.id, { avatarFileId: 'file-1' })).toEqual({ ...me, displayName: '王小明', avatarFileId: 'file-1' });
    expect(await store.updateProfile(me.id, { avatarFileId: null })).toEqual({ ...me, displayName: '王小明', avatarFileId: null });
    expect((await store.searchUsers('小明', 5)).map((u) => u.id)).toEqual([me.id]);
    expect(await store.updateProfile('nobody', { displayName: 'x' })).toBeNull();
    expect((await store.contactsOf(me.id)).sort()).toEqual([me.id, friend.id].sort());
    const loner = await store.registerUser(account('loner'));
    expect(await store.contactsOf(loner.id)).toEqual([loner.id]);
  });

  it('keeps an audit log, newest first, in pages', async () => {
    const { store } = await fresh();
    for (let i = 1; i <= 5; i++) await store.appendAudit({ actorId: 'admin', action: 'invite.create', targetId: `inv${i}`, detail: `n${i}` });
    await store.appendAudit({ actorId: 'admin', action: 'workspace.settings', targetId: null, detail: 'x'.repeat(900) });
    const first = await store.listAudit(undefined, 4);
    expect(first.entries.map((e) => e.targetId)).toEqual([null, 'inv5', 'inv4', 'inv3']);
    expect(first.entries[0]).toMatchObject({ actorId: 'admin', action: 'workspace.settings' });
    expect(first.entries[0]!.detail).toHaveLength(500);
    expect(first.entries[0]!.at).toBeGreaterThan(Date.now() - 60_000);
    const next = await store.listAudit(first.nextBefore!, 4);
    expect(next.entries.map((e) => e.targetId)).toEqual(['inv2', 'inv1']);
    expect(next.nextBefore).toBeNull();
  });

  it('upgrades a workspace: its oldest account becomes admin and existing sessions get ids', async () => {
    const { store } = await fresh(true);
    expect((await store.findUserById('bo'))?.isAdmin).toBe(true);
    expect((await store.findUserById('ann'))?.isAdmin).toBe(false);
    const resumed = await store.resumeSession('h-ann', 0);
    expect(resumed?.user.id).toBe('ann');
    expect(IdSchema.safeParse(resumed?.sessionId).success).toBe(true);
    expect((await store.listSessions('ann', 0))[0]).toMatchObject({ id: resumed!.sessionId, deviceName: '' });
    // Accounts exist, so the configured policy no longer overrides: defaults are written once.
    await store.initWorkspaceSettings({ signup: 'closed', recallWindowMs: 1000 });
    expect(await store.getWorkspaceSettings()).toEqual({ signup: 'closed', recallWindowMs: 1000 });
    await store.initWorkspaceSettings({ signup: 'open', recallWindowMs: 9 });
    expect(await store.getWorkspaceSettings()).toEqual({ signup: 'closed', recallWindowMs: 1000 });
  });
});
