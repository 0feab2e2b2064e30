import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError, type MagpieError } from '../../../shared/errors';
import { secondSocket, signedInClient, uniqueName } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';
import { describeEachStore, storedRows } from '../test-stores';
import { firstAdmin, writeStored } from './accounts-fixtures';

describeEachStore('accounts and sessions', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  async function rejection(promise: Promise<unknown>): Promise<MagpieError> {
    const error = await promise.then(() => null, (e: unknown) => e);
    if (!isMagpieError(error)) throw new Error(`expected a MagpieError, got ${String(error)}`);
    return error;
  }

  describe('accounts and sessions', () => {
    it('signs up a new person and binds the socket to the new session', async () => {
      const client = await TestClient.connect(server.socketUrl);
      const username = uniqueName('new');
      const session = await client.signUp(username, 'correct horse battery', '王小明');
      expect(session.user).toMatchObject({ username, displayName: '王小明' });
      expect(session.token.length).toBeGreaterThanOrEqual(40);
      await expect(client.request('conversations.list', {})).resolves.toEqual({ conversations: [] });
      await client.close();
    });

    it('refuses a username that is taken', async () => {
      const { client, session } = await signedInClient(server);
      const other = await TestClient.connect(server.socketUrl);
      const error = await rejection(other.signUp(session.user.username));
      expect(error.code).toBe('auth.username_taken');
      await client.close();
      await other.close();
    });

    it('gives the same answer for a wrong password and an unknown user', async () => {
      const { client, session } = await signedInClient(server);
      const wrong = await rejection(client.request('auth.signIn', { username: session.user.username, password: 'not the password' }));
      const unknown = await rejection(client.request('auth.signIn', { username: uniqueName('ghost'), password: 'not the password' }));
      expect(wrong.code).toBe('auth.invalid_credentials');
      expect(unknown.code).toBe('auth.invalid_credentials');
      expect(unknown.message).toBe(wrong.message);
      await client.close();
    });

    it('signs in with the right password and returns a new session', async () => {
      const { client, session } = await signedInClient(server);
      const fresh = await TestClient.connect(server.socketUrl);
      const { session: second } = await fresh.request('auth.signIn', { username: session.user.username, password: 'correct horse battery' });
      expect(second.user).toEqual(session.user);
      expect(second.token).not.toBe(session.token);
      await client.close();
      await fresh.close();
    });

    it('resumes a session on a new socket by token, and refuses an unknown token', async () => {
      const { client, session } = await signedInClient(server);
      const again = await TestClient.connect(server.socketUrl);
      await expect(again.request('auth.resume', { token: session.token })).resolves.toEqual({ user: session.user });
      const error = await rejection(again.request('auth.resume', { token: 'x'.repeat(43) }));
      expect(error.code).toBe('auth.session_invalid');
      await client.close();
      await again.close();
    });

    it('signing out ends the session on its other sockets and makes the token useless', async () => {
      const { client, session } = await signedInClient(server);
      const laptop = await secondSocket(server, session);
      await expect(client.request('auth.signOut', {})).resolves.toEqual({});
      await expect(laptop.nextEvent('session.ended')).resolves.toMatchObject({ event: 'session.ended' });
      expect((await rejection(laptop.request('conversations.list', {}))).code).toBe('auth.required');
      expect((await rejection(client.request('conversations.list', {}))).code).toBe('auth.required');
      expect((await rejection(laptop.request('auth.resume', { token: session.token }))).code).toBe('auth.session_invalid');
      expect(client.events.filter((e) => e.event === 'session.ended')).toEqual([]);
      await client.close();
      await laptop.close();
    });

    it('stores only a hash of the session token and a salted scrypt hash of the password', async () => {
      const { client, session } = await signedInClient(server);
      const tokens = await storedRows<{ token_hash: string }>(server, 'SELECT token_hash FROM sessions');
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.map((t) => t.token_hash)).not.toContain(session.token);
      const [user] = await storedRows<{ password_hash: string }>(server, 'SELECT password_hash FROM users WHERE id = ?', [session.user.id]);
      expect(user!.password_hash).toMatch(/^scrypt\$N=\d+,r=\d+,p=\d+\$/);
      expect(user!.password_hash).not.toContain('correct horse battery');
      await client.close();
    });
  });

  describe('closed sign-up', () => {
    it('refuses new accounts with auth.signup_closed', async () => {
      const closed = await startTestServer({ store: kind, signup: 'closed' });
      const client = await TestClient.connect(closed.socketUrl);
      expect((await rejection(client.signUp(uniqueName()))).code).toBe('auth.signup_closed');
      await client.close();
      await closed.close();
    });
  });

  describe('invite-only sign-up', () => {
    it('lets the first account in without a code, then needs a live invite, once', async () => {
      const invited = await startTestServer({ store: kind, signup: 'invite' });
      try {
        const admin = await firstAdmin(invited);
        expect(admin.session.user.isAdmin).toBe(true);
        const { code } = await admin.client.request('admin.invites.create', { expiresInHours: 1 });
        expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
        const client = await TestClient.connect(invited.socketUrl);
        const signUp = (inviteCode?: string, username = uniqueName('inv')) =>
          client.request('auth.signUp', { username, password: 'correct horse battery', displayName: 'Invited', ...(inviteCode ? { inviteCode } : {}) });
        expect((await rejection(signUp())).code).toBe('auth.invite_invalid');
        expect((await rejection(signUp('AAAA-BBBB-CCCC-DDDD'))).code).toBe('auth.invite_invalid');
        // Typed by hand: lower case and spaces instead of dashes still match.
        const { session } = await signUp(` ${code.toLowerCase().replace(/-/g, ' ')} `);
        expect(session.user.isAdmin).toBe(false);
        expect((await rejection(signUp(code))).code).toBe('auth.invite_invalid'); // reused

        const late = await admin.client.request('admin.invites.create', { expiresInHours: 1 });
        await writeStored(invited, 'UPDATE invites SET expires_at = ? WHERE used_at IS NULL', [Date.now() - 1]);
        expect((await rejection(signUp(late.code))).code).toBe('auth.invite_invalid'); // expired
        const used = await storedRows<{ code_hash: string; used_by: string | null }>(invited, 'SELECT code_hash, used_by FROM invites');
        expect(used.map((r) => r.used_by).filter(Boolean)).toEqual([session.user.id]);
        expect(JSON.stringify(used)).not.toContain(code);
        await client.close();
        await admin.client.close();
      } finally {
        await invited.close();
      }
    });
  });

  describe('devices and passwords', () => {
    it('records the device name given at sign-in and sign-up', async () => {
      const client = await TestClient.connect(server.socketUrl);
      const username = uniqueName('dev');
      await client.request('auth.signUp', { username, password: 'correct horse battery', displayName: 'Dev', deviceName: '  Magpie on Windows ' });
      const phone = await TestClient.connect(server.socketUrl);
      await phone.request('auth.signIn', { username, password: 'correct horse battery', deviceName: 'Browser shell on Linux' });
      const { sessions } = await phone.request('sessions.list', {});
      expect(sessions.map((s) => [s.deviceName, s.current])).toEqual([['Browser shell on Linux', true], ['Magpie on Windows', false]]);
      await client.close();
      await phone.close();
    });

    it('changes the password only with the current one and ends every other session', async () => {
      const { client, session } = await signedInClient(server, 'pw');
      const sameSession = await secondSocket(server, session);
      const phone = await TestClient.connect(server.socketUrl);
      const { session: phoneSession } = await phone.request('auth.signIn', { username: session.user.username, password: 'correct horse battery' });

      const wrong = await rejection(client.request('auth.changePassword', { currentPassword: 'not my password', newPassword: 'a new long password' }));
      expect(wrong.code).toBe('auth.wrong_password');
      await expect(client.request('auth.changePassword', { currentPassword: 'correct horse battery', newPassword: '新的密码 new one' })).resolves.toEqual({});

      await expect(phone.nextEvent('session.ended')).resolves.toMatchObject({ data: {} });
      expect((await rejection(phone.request('sessions.list', {}))).code).toBe('auth.required');
      expect((await rejection(phone.request('auth.resume', { token: phoneSession.token }))).code).toBe('auth.session_invalid');
      // The session that changed it stays, on all of its sockets.
      await expect(sameSession.request('sessions.list', {})).resolves.toBeDefined();
      expect(sameSession.events.concat(client.events).filter((e) => e.event === 'session.ended')).toEqual([]);

      const fresh = await TestClient.connect(server.socketUrl);
      const old = await rejection(fresh.request('auth.signIn', { username: session.user.username, password: 'correct horse battery' }));
      expect(old.code).toBe('auth.invalid_credentials');
      await expect(fresh.request('auth.signIn', { username: session.user.username, password: '新的密码 new one' })).resolves.toBeDefined();

      const audit = await storedRows<{ action: string; detail: string }>(server, 'SELECT action, detail FROM audit_log WHERE actor_id = ?', [session.user.id]);
      expect(audit).toEqual([{ action: 'password.change', detail: 'other sessions ended: 1' }]);
      for (const c of [client, sameSession, phone, fresh]) await c.close();
    });

    it('limits wrong current passwords like sign-in attempts', async () => {
      const limited = await startTestServer({ store: kind, rateLimits: { authPerMinute: 3 } });
      try {
        const { client } = await signedInClient(limited, 'guess'); // sign-up took one attempt
        const guess = () => client.request('auth.changePassword', { currentPassword: 'guess guess', newPassword: 'whatever it is' });
        expect((await rejection(guess())).code).toBe('auth.wrong_password');
        expect((await rejection(guess())).code).toBe('auth.wrong_password');
        const limitedError = await rejection(guess());
        expect(limitedError.code).toBe('rate.limited');
        expect(limitedError.details?.retryAfterMs).toBeGreaterThan(0);
        // Even the right password waits now.
        const right = await rejection(client.request('auth.changePassword', { currentPassword: 'correct horse battery', newPassword: 'whatever it is' }));
        expect(right.code).toBe('rate.limited');
        await client.close();
      } finally {
        await limited.close();
      }
    });

    it('ends a session unused for MAGPIE_SESSION_IDLE_DAYS: it can no longer resume', async () => {
      const { client, session } = await signedInClient(server, 'idle');
      const { sessions } = await client.request('sessions.list', {});
      const resumed = await TestClient.connect(server.socketUrl);
      await expect(resumed.request('auth.resume', { token: session.token })).resolves.toBeDefined();
      const idleDays = server.config.sessionIdleDays;
      expect(idleDays).toBe(30);
      await writeStored(server, 'UPDATE sessions SET last_seen_at = ? WHERE id = ?', [Date.now() - idleDays * 86_400_000 - 60_000, sessions[0]!.id]);
      const expired = await TestClient.connect(server.socketUrl);
      expect((await rejection(expired.request('auth.resume', { token: session.token }))).code).toBe('auth.session_invalid');
      expect(await storedRows(server, 'SELECT id FROM sessions WHERE id = ?', [sessions[0]!.id])).toEqual([]);
      for (const c of [client, resumed, expired]) await c.close();
    });
  });
});
