import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError, type ErrorCode } from '../../../shared/errors';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import type { MethodName } from '../../../shared/protocol';
import { authorized, tusUpload } from '../files/testing-files';
import { firstAdmin, rejection, writeStored } from '../methods/accounts-fixtures';
import { signedInClient, uniqueName, type SignedIn } from '../test-fixtures';
import { describeEachStore, storedRows } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';

/**
 * The account methods by workspace role (authorization-matrix.test.ts has them for the
 * conversation roles, where nobody is an admin): an anonymous socket, a plain account, and the
 * workspace admin. Then the abuse cases: what a lost token, a guessed invite or a demoted admin
 * can still do (nothing).
 */
type Caller = 'anonymous' | 'user' | 'admin';
type Outcome = 'ok' | ErrorCode;
const ACCOUNT_METHODS = [
  'auth.changePassword', 'sessions.list', 'sessions.revoke', 'profile.update',
  'admin.settings.get', 'admin.settings.update', 'admin.invites.create', 'admin.audit.list',
] as const satisfies readonly MethodName[];

const signedIn = (outcome: Outcome): Record<Caller, Outcome> => ({ anonymous: 'auth.required', user: outcome, admin: outcome });
const adminOnly: Record<Caller, Outcome> = { anonymous: 'auth.required', user: 'auth.admin_required', admin: 'ok' };

const MATRIX: Record<(typeof ACCOUNT_METHODS)[number], { params: unknown; expect: Record<Caller, Outcome> }> = {
  'auth.changePassword': { params: { currentPassword: 'correct horse battery', newPassword: 'correct horse battery' }, expect: signedIn('ok') },
  'sessions.list': { params: {}, expect: signedIn('ok') },
  'sessions.revoke': { params: { sessionId: 'no-such-session' }, expect: signedIn('session.not_found') },
  'profile.update': { params: { displayName: 'Matrix' }, expect: signedIn('ok') },
  'admin.settings.get': { params: {}, expect: adminOnly },
  'admin.settings.update': { params: { signup: 'open' }, expect: adminOnly },
  'admin.invites.create': { params: { expiresInHours: 1 }, expect: adminOnly },
  'admin.audit.list': { params: { limit: 5 }, expect: adminOnly },
};

describeEachStore('account methods by workspace role', ({ kind }) => {
  let server: TestServer;
  let admin: SignedIn;
  let user: SignedIn;
  let anonymous: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    admin = await firstAdmin(server);
    user = await signedInClient(server, 'plain');
    anonymous = await TestClient.connect(server.socketUrl);
  });
  afterAll(async () => {
    for (const c of [admin.client, user.client, anonymous]) await c.close();
    await server.close();
  });

  it.each(ACCOUNT_METHODS)('%s', async (method) => {
    const row = MATRIX[method];
    const seen: Record<string, Outcome> = {};
    const sockets: Record<Caller, TestClient> = { anonymous, user: user.client, admin: admin.client };
    for (const caller of ['anonymous', 'user', 'admin'] as const) {
      seen[caller] = await sockets[caller].request(method, row.params as never).then(
        () => 'ok' as const,
        (e: unknown) => (isMagpieError(e) ? e.code : `threw ${String(e)}`) as Outcome,
      );
    }
    expect(seen).toEqual(row.expect);
  });

  describe('abuse', () => {
    it('a demoted admin is refused at once, by the very next request', async () => {
      const deputy = await signedInClient(server, 'deputy');
      await writeStored(server, 'UPDATE users SET is_admin = 1 WHERE id = ?', [deputy.session.user.id]);
      await expect(deputy.client.request('admin.audit.list', { limit: 1 })).resolves.toBeDefined();
      await writeStored(server, 'UPDATE users SET is_admin = 0 WHERE id = ?', [deputy.session.user.id]);
      expect((await rejection(deputy.client.request('admin.invites.create', { expiresInHours: 1 }))).code).toBe('auth.admin_required');
      await deputy.client.close();
    });

    it('a revoked or expired session is refused by the file routes too, not only by the socket', async () => {
      const owner = await signedInClient(server, 'owner');
      const { fileId } = await tusUpload(server.httpUrl, owner.session.token, Buffer.from('hello\n'), { filename: 'a.txt', contentType: 'text/plain' });
      const info = () => fetch(`${server.httpUrl}${FILE_ROUTES.info(fileId!)}`, { headers: authorized(stolen.session.token) });
      // A second device whose token was stolen: it works until revoked, then nowhere.
      const stolen = { session: (await (await TestClient.connect(server.socketUrl)).request('auth.signIn', { username: owner.session.user.username, password: 'correct horse battery' })).session };
      expect((await info()).status).toBe(200);
      const stolenId = (await owner.client.request('sessions.list', {})).sessions.find((s) => !s.current)!.id;
      await owner.client.request('sessions.revoke', { sessionId: stolenId });
      expect((await info()).status).toBe(401);
      // Expired: idle past MAGPIE_SESSION_IDLE_DAYS.
      const mineId = (await owner.client.request('sessions.list', {})).sessions[0]!.id;
      await writeStored(server, 'UPDATE sessions SET last_seen_at = 1 WHERE id = ?', [mineId]);
      const res = await fetch(`${server.httpUrl}${FILE_ROUTES.info(fileId!)}`, { headers: authorized(owner.session.token) });
      expect(res.status).toBe(401);
      await owner.client.close();
    });

    it('keeps passwords, tokens and invite codes out of the audit log and the sessions table', async () => {
      const victim = await signedInClient(server, 'victim');
      await victim.client.request('auth.changePassword', { currentPassword: 'correct horse battery', newPassword: 'secret-新密码-1234' });
      const { code } = await admin.client.request('admin.invites.create', { expiresInHours: 1 });
      const audit = JSON.stringify(await storedRows(server, 'SELECT * FROM audit_log'));
      for (const secret of ['correct horse battery', 'secret-新密码-1234', code, code.replace(/-/g, ''), victim.session.token]) {
        expect(audit).not.toContain(secret);
      }
      const sessions = JSON.stringify(await storedRows(server, 'SELECT * FROM sessions'));
      expect(sessions).not.toContain(victim.session.token);
      await victim.client.close();
    });

    it('an invite cannot be guessed into, and a used or expired one opens nothing', async () => {
      await admin.client.request('admin.settings.update', { signup: 'invite' });
      try {
        const client = await TestClient.connect(server.socketUrl);
        const tryCode = (inviteCode: string) =>
          client.request('auth.signUp', { username: uniqueName('guess'), password: 'correct horse battery', displayName: 'G', inviteCode });
        const { code } = await admin.client.request('admin.invites.create', { expiresInHours: 1 });
        // A neighbour of the real code, and the code's hash as stored, are both just wrong codes.
        const neighbour = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
        const [stored] = await storedRows<{ code_hash: string }>(server, 'SELECT code_hash FROM invites WHERE used_at IS NULL ORDER BY created_at DESC LIMIT 1');
        for (const wrong of [neighbour, stored!.code_hash.slice(0, 64)]) expect((await rejection(tryCode(wrong))).code).toBe('auth.invite_invalid');
        await expect(tryCode(code)).resolves.toBeDefined();
        expect((await rejection(tryCode(code))).code).toBe('auth.invite_invalid');
        const old = await admin.client.request('admin.invites.create', { expiresInHours: 1 });
        await writeStored(server, 'UPDATE invites SET expires_at = 1 WHERE used_at IS NULL');
        expect((await rejection(tryCode(old.code))).code).toBe('auth.invite_invalid');
        await client.close();
      } finally {
        await admin.client.request('admin.settings.update', { signup: 'open' });
      }
    });
  });
});
