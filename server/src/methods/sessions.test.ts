import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdSchema } from '../../../shared/protocol';
import { secondSocket, signedInClient } from '../test-fixtures';
import { describeEachStore, describePostgres, storedRows } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';
import { rejection, writeStored } from './accounts-fixtures';

describeEachStore('sessions per device', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  /** One person signed in on a laptop and a phone; the phone's session also has a second socket. */
  async function twoDevices() {
    const laptop = await signedInClient(server, 'dev');
    const phone = await TestClient.connect(server.socketUrl);
    const { session: phoneSession } = await phone.request('auth.signIn', {
      username: laptop.session.user.username, password: 'correct horse battery', deviceName: 'Magpie on Android',
    });
    const phoneTab = await secondSocket(server, phoneSession);
    return { laptop, phone, phoneSession, phoneTab, all: [laptop.client, phone, phoneTab] };
  }

  it('lists the caller’s own sessions by id, never the token, newest activity first, with the current one flagged', async () => {
    const { laptop, phone, phoneSession, all } = await twoDevices();
    const stranger = await signedInClient(server, 'stranger');
    const { sessions } = await phone.request('sessions.list', {});
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ deviceName: 'Magpie on Android', current: true });
    expect(sessions[1]).toMatchObject({ deviceName: '', current: false });
    for (const s of sessions) {
      expect(IdSchema.safeParse(s.id).success).toBe(true);
      expect(s.lastSeenAt).toBeGreaterThanOrEqual(s.createdAt);
    }
    expect(JSON.stringify(sessions)).not.toContain(phoneSession.token);
    expect(JSON.stringify(sessions)).not.toContain(laptop.session.token);
    expect((await laptop.client.request('sessions.list', {})).sessions.map((s) => s.current)).toEqual([false, true]);
    expect((await stranger.client.request('sessions.list', {})).sessions).toHaveLength(1);
    for (const c of [...all, stranger.client]) await c.close();
  });

  it('revokes another device at once: every socket of it is told, and its token is dead', async () => {
    const { laptop, phone, phoneSession, phoneTab, all } = await twoDevices();
    const { sessions } = await laptop.client.request('sessions.list', {});
    const phoneId = sessions.find((s) => !s.current)!.id;
    await expect(laptop.client.request('sessions.revoke', { sessionId: phoneId })).resolves.toEqual({});
    for (const socket of [phone, phoneTab]) {
      await expect(socket.nextEvent('session.ended')).resolves.toMatchObject({ event: 'session.ended' });
      expect((await rejection(socket.request('sessions.list', {}))).code).toBe('auth.required');
    }
    expect((await rejection(phone.request('auth.resume', { token: phoneSession.token }))).code).toBe('auth.session_invalid');
    expect(laptop.client.events.filter((e) => e.event === 'session.ended')).toEqual([]);
    expect((await laptop.client.request('sessions.list', {})).sessions.map((s) => s.id)).not.toContain(phoneId);
    const audit = await storedRows<{ actor_id: string; action: string; target_id: string; detail: string }>(
      server, 'SELECT actor_id, action, target_id, detail FROM audit_log WHERE target_id = ?', [phoneId]);
    expect(audit).toEqual([{ actor_id: laptop.session.user.id, action: 'session.revoke', target_id: phoneId, detail: 'device: Magpie on Android' }]);
    for (const c of all) await c.close();
  });

  it('refuses to revoke the current session, someone else’s, or one that does not exist', async () => {
    const { laptop, phone, all } = await twoDevices();
    const other = await signedInClient(server, 'other');
    const mine = (await laptop.client.request('sessions.list', {})).sessions;
    const current = mine.find((s) => s.current)!.id;
    expect((await rejection(laptop.client.request('sessions.revoke', { sessionId: current }))).code).toBe('validation.invalid');
    // Someone else's session answers like a missing one, and stays alive.
    expect((await rejection(other.client.request('sessions.revoke', { sessionId: current }))).code).toBe('session.not_found');
    expect((await rejection(other.client.request('sessions.revoke', { sessionId: 'no-such-session' }))).code).toBe('session.not_found');
    await expect(laptop.client.request('sessions.list', {})).resolves.toBeDefined();
    await expect(phone.request('sessions.list', {})).resolves.toBeDefined();
    expect((await laptop.client.request('sessions.list', {})).sessions).toHaveLength(2);
    for (const c of [...all, other.client]) await c.close();
  });

  it('drops expired sessions from the list', async () => {
    const { laptop, all } = await twoDevices();
    const before = (await laptop.client.request('sessions.list', {})).sessions;
    const phoneId = before.find((s) => !s.current)!.id;
    await writeStored(server, 'UPDATE sessions SET last_seen_at = 1 WHERE id = ?', [phoneId]);
    expect((await laptop.client.request('sessions.list', {})).sessions.map((s) => s.current)).toEqual([true]);
    for (const c of all) await c.close();
  });
});

describePostgres('sessions across server nodes', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    nodeA = await startTestServer({ store: 'postgres' });
    nodeB = await startTestServer({ databaseUrl: nodeA.databaseUrl! });
  });
  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
  });

  describe('revocation and password changes reach every node', () => {
    it('a session revoked on node A ends its socket on node B', async () => {
      const laptop = await signedInClient(nodeA, 'multi');
      const phone = await TestClient.connect(nodeB.socketUrl);
      await phone.request('auth.signIn', { username: laptop.session.user.username, password: 'correct horse battery', deviceName: 'phone' });
      const phoneId = (await laptop.client.request('sessions.list', {})).sessions.find((s) => !s.current)!.id;
      await laptop.client.request('sessions.revoke', { sessionId: phoneId });
      await expect(phone.nextEvent('session.ended')).resolves.toMatchObject({ event: 'session.ended' });
      expect((await rejection(phone.request('sessions.list', {}))).code).toBe('auth.required');
      await laptop.client.close();
      await phone.close();
    });

    it('a password changed on node B ends the other sessions on node A', async () => {
      const laptop = await signedInClient(nodeA, 'multipw');
      const phone = await TestClient.connect(nodeB.socketUrl);
      await phone.request('auth.signIn', { username: laptop.session.user.username, password: 'correct horse battery' });
      await phone.request('auth.changePassword', { currentPassword: 'correct horse battery', newPassword: 'another long password' });
      await expect(laptop.client.nextEvent('session.ended')).resolves.toMatchObject({ event: 'session.ended' });
      await expect(phone.request('sessions.list', {})).resolves.toMatchObject({ sessions: [{ current: true }] });
      await laptop.client.close();
      await phone.close();
    });
  });
});
