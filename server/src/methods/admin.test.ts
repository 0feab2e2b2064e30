import { afterAll, beforeAll, expect, it } from 'vitest';
import { AuditEntrySchema } from '../../../shared/protocol';
import { DEMO_PASSWORD } from '../demo';
import { signedInClient, uniqueName, type SignedIn } from '../test-fixtures';
import { describeEachStore } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';
import { firstAdmin, rejection } from './accounts-fixtures';

describeEachStore('workspace admin', ({ kind }) => {
  let server: TestServer;
  let admin: SignedIn;
  let member: SignedIn;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    admin = await firstAdmin(server);
    member = await signedInClient(server, 'member');
  });
  afterAll(async () => {
    await admin.client.close();
    await member.client.close();
    await server.close();
  });

  it('makes the first account the admin and nobody after it', () => {
    expect(admin.session.user.isAdmin).toBe(true);
    expect(member.session.user.isAdmin).toBe(false);
  });

  it('refuses every admin method to a member with auth.admin_required, changing nothing', async () => {
    const before = await admin.client.request('admin.settings.get', {});
    const calls = [
      member.client.request('admin.settings.get', {}),
      member.client.request('admin.settings.update', { signup: 'closed' }),
      member.client.request('admin.invites.create', { expiresInHours: 1 }),
      member.client.request('admin.audit.list', { limit: 10 }),
    ];
    for (const call of calls) expect((await rejection(call)).code).toBe('auth.admin_required');
    expect(await admin.client.request('admin.settings.get', {})).toEqual(before);
  });

  it('changes settings, which take effect at once and are audited by what changed', async () => {
    expect(await admin.client.request('admin.settings.get', {})).toEqual({ settings: { signup: 'open', recallWindowMs: 120_000 } });
    const { settings } = await admin.client.request('admin.settings.update', { signup: 'closed', recallWindowMs: 300_000 });
    expect(settings).toEqual({ signup: 'closed', recallWindowMs: 300_000 });
    const outsider = await TestClient.connect(server.socketUrl);
    expect((await rejection(outsider.signUp(uniqueName()))).code).toBe('auth.signup_closed');
    // Unchanged fields are not logged; a no-op update logs nothing.
    await admin.client.request('admin.settings.update', { signup: 'open', recallWindowMs: 300_000 });
    await admin.client.request('admin.settings.update', { signup: 'open' });
    await expect(outsider.signUp(uniqueName())).resolves.toBeDefined();
    const { entries } = await admin.client.request('admin.audit.list', { limit: 2 });
    expect(entries.map((e) => [e.action, e.detail])).toEqual([
      ['workspace.settings', 'signup: closed → open'],
      ['workspace.settings', 'signup: open → closed; recallWindowMs: 120000 → 300000'],
    ]);
    expect(entries[0]).toMatchObject({ actorId: admin.session.user.id, targetId: null });
    expect((await rejection(admin.client.request('admin.settings.update', { recallWindowMs: -1 }))).code).toBe('validation.invalid');
    expect((await rejection(admin.client.request('admin.settings.update', { signup: 'maybe' as never }))).code).toBe('validation.invalid');
    await admin.client.request('admin.settings.update', { recallWindowMs: 120_000 });
    await outsider.close();
  });

  it('creates single-use invites and logs who made them, never the code', async () => {
    const before = Date.now();
    const { code, expiresAt } = await admin.client.request('admin.invites.create', { expiresInHours: 48 });
    expect(expiresAt).toBeGreaterThanOrEqual(before + 48 * 3_600_000);
    expect(expiresAt).toBeLessThan(Date.now() + 48 * 3_600_000 + 1000);
    const second = await admin.client.request('admin.invites.create', {}); // 72 hours by default
    expect(second.code).not.toBe(code);
    expect(second.expiresAt - Date.now()).toBeGreaterThan(71 * 3_600_000);
    const { entries } = await admin.client.request('admin.audit.list', { limit: 2 });
    expect(entries.map((e) => e.action)).toEqual(['invite.create', 'invite.create']);
    expect(entries[1]!.detail).toBe(`expires ${new Date(expiresAt).toISOString()}`);
    expect(JSON.stringify(entries)).not.toContain(code.replace(/-/g, '').slice(0, 8));
    expect((await rejection(admin.client.request('admin.invites.create', { expiresInHours: 0 }))).code).toBe('validation.invalid');
  });

  it('pages the audit log newest first', async () => {
    for (let i = 0; i < 5; i++) await admin.client.request('admin.invites.create', { expiresInHours: 1 });
    const all = (await admin.client.request('admin.audit.list', { limit: 200 })).entries;
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const entry of all) expect(AuditEntrySchema.safeParse(entry).success).toBe(true);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await admin.client.request('admin.audit.list', { limit: 3, ...(before ? { before } : {}) });
      seen.push(...page.entries.map((e) => e.id));
      if (page.nextBefore === null) break;
      expect(page.entries).toHaveLength(3);
      before = page.nextBefore;
    }
    expect(seen).toEqual(all.map((e) => e.id));
  });
});

describeEachStore('the demo workspace', ({ kind }) => {
  it('has alice as its admin', async () => {
    const demo = await startTestServer({ store: kind, demo: true });
    try {
      const client = await TestClient.connect(demo.socketUrl);
      const alice = (await client.request('auth.signIn', { username: 'alice', password: DEMO_PASSWORD })).session.user;
      expect(alice.isAdmin).toBe(true);
      await expect(client.request('admin.settings.get', {})).resolves.toBeDefined();
      const bob = (await client.request('auth.signIn', { username: 'bob', password: DEMO_PASSWORD })).session.user;
      expect(bob.isAdmin).toBe(false);
      await client.close();
    } finally {
      await demo.close();
    }
  });
});
