import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError, type MagpieError } from '../../../shared/errors';
import { secondSocket, signedInClient, uniqueName } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';
import { describeEachStore, storedRows } from '../test-stores';

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
});
