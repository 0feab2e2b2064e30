import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isMagpieError, type MagpieError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import * as passwords from '../auth/passwords';
import { PostgresStore } from '../store/postgres-store';
import { SqliteStore } from '../store/sqlite-store';
import { directPair, secondSocket, sendText, signedInClient, uniqueName } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';
import { describeEachStore, storedRows } from '../test-stores';

// The real password functions, wrapped in spies: sign-in must take the scrypt path for an unknown
// user too, verifying against the decoy hash (asserted by what was verified, not by wall time).
vi.mock('../auth/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../auth/passwords')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), decoyPasswordHash: vi.fn(real.decoyPasswordHash) };
});

const PASSWORD = 'correct horse battery';
const frame = (id: unknown, method: unknown, params: unknown) => JSON.stringify({ v: PROTOCOL_VERSION, type: 'request', id, method, params });

async function rejection(promise: Promise<unknown>): Promise<MagpieError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isMagpieError(error)) throw new Error(`expected a MagpieError, got ${String(error)}`);
  return error;
}

async function rejectionOf(label: string, promise: Promise<unknown>): Promise<MagpieError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isMagpieError(error)) throw new Error(`${label}: expected a MagpieError, got ${String(error)}`);
  return error;
}

/** Every raw frame a socket receives, for scanning. */
function recordFrames(client: TestClient): string[] {
  const frames: string[] = [];
  client.socket.on('message', (data) => frames.push(data.toString()));
  return frames;
}

/** The reply (or fault) to a raw frame with request id `id`. */
function rawReply(client: TestClient, id: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${id}`)), timeoutMs);
    const onMessage = (data: Buffer) => {
      const parsed = JSON.parse(data.toString()) as Record<string, unknown>;
      const faultId = (parsed.error as { details?: { requestId?: string } } | undefined)?.details?.requestId;
      if (parsed.id === id || (parsed.type === 'fault' && (faultId === id || faultId === undefined))) {
        clearTimeout(timer);
        client.socket.off('message', onMessage);
        resolve(parsed);
      }
    };
    client.socket.on('message', onMessage);
  });
}

/** Error text must not carry a stack, a source path, SQL or a driver's words. */
const LEAKY = /\bat .+\(|\.ts:\d+|\.js:\d+|node_modules|\b(select|insert|update|delete)\b.+\b(from|into|set|where)\b|sqlite|postgres|constraint|syntax error|relation "|duplicate key|password_hash|token_hash/i;

describeEachStore('abuse', ({ kind }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: kind });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('sessions', () => {
    it('sign-out makes the token useless and ends the session on its other sockets (only that session)', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const aliceLaptop = await secondSocket(server, alice.session);
      // Another session of the same person (signed in separately) is not affected.
      const alicePhone = await TestClient.connect(server.socketUrl);
      await alicePhone.request('auth.signIn', { username: alice.session.user.username, password: PASSWORD });

      await alice.client.request('auth.signOut', {});
      await aliceLaptop.nextEvent('session.ended');
      expect((await rejection(aliceLaptop.request('messages.history', { conversationId: conversation.id, limit: 5 }))).code).toBe('auth.required');
      expect((await rejection(alice.client.request('conversations.list', {}))).code).toBe('auth.required');
      for (const socket of [alice.client, aliceLaptop, await TestClient.connect(server.socketUrl)]) {
        expect((await rejection(socket.request('auth.resume', { token: alice.session.token }))).code).toBe('auth.session_invalid');
      }
      // The ended sockets no longer hear the conversation; the other session still does.
      await sendText(bob.client, conversation.id, 'after sign-out');
      await alicePhone.nextEvent('message.new');
      await new Promise((r) => setTimeout(r, 50));
      expect(aliceLaptop.events.filter((e) => e.event === 'message.new')).toEqual([]);
      expect(alice.client.events.filter((e) => e.event === 'message.new')).toEqual([]);
      await expect(alicePhone.request('conversations.list', {})).resolves.toBeTruthy();
      for (const c of [alice.client, aliceLaptop, alicePhone, bob.client]) await c.close();
    });

    it("a token of user A acts only as A: no impersonation via params, no access to B's conversations", async () => {
      const { alice: b, bob: c, conversation: bc } = await directPair(server);
      const a = await signedInClient(server, 'a');
      const stolen = await TestClient.connect(server.socketUrl);
      expect((await stolen.request('auth.resume', { token: a.session.token })).user.id).toBe(a.session.user.id);
      // Extra identity fields in params are ignored, never trusted.
      const { conversation: ab } = await stolen.request('conversations.openDirect', { userId: b.session.user.id });
      const { message } = await stolen.request('messages.send', {
        conversationId: ab.id, clientId: uniqueName('x'), text: 'who am i', senderId: b.session.user.id, userId: b.session.user.id,
      } as never);
      expect(message.senderId).toBe(a.session.user.id);
      expect((await rejection(stolen.request('messages.history', { conversationId: bc.id, limit: 5 }))).code).toBe('conversation.forbidden');
      expect((await rejection(stolen.request('conversations.markRead', { conversationId: bc.id, seq: 1, userId: b.session.user.id } as never))).code).toBe('conversation.forbidden');
      // The stored hash of B's token (a database leak) is not a token.
      const hashes = await storedRows<{ token_hash: string }>(server, 'SELECT token_hash FROM sessions WHERE user_id = ?', [b.session.user.id]);
      expect(hashes.length).toBeGreaterThan(0);
      for (const { token_hash } of hashes) {
        expect((await rejection(stolen.request('auth.resume', { token: token_hash }))).code).toBe('auth.session_invalid');
      }
      // A failed resume does not drop the socket's current session... nor grant another.
      expect((await stolen.request('conversations.list', {})).conversations.map((x) => x.id)).toEqual([ab.id]);
      for (const x of [a.client, b.client, c.client, stolen]) await x.close();
    });
  });

  describe('bad frames', () => {
    it('deeply nested JSON, huge arrays, pollution keys and non-string ids get typed errors; the server keeps serving others', async () => {
      const attacker = await signedInClient(server, 'attacker');
      const bystander = await directPair(server);
      const frames = recordFrames(attacker.client);
      const send = async (id: string, text: string) => {
        const reply = rawReply(attacker.client, id);
        attacker.client.sendRaw(text);
        return reply;
      };
      const codeOf = (reply: Record<string, unknown>) => (reply.error as { code: string } | undefined)?.code ?? 'ok';

      // Deep nesting, in params and as the whole frame.
      const depth = 50_000;
      expect(codeOf(await send('deep1', `{"v":2,"type":"request","id":"deep1","method":"system.ping","params":${'['.repeat(depth)}${']'.repeat(depth)}}`))).toBe('validation.invalid');
      expect(codeOf(await send('deep2', `{"v":2,"type":"request","id":"deep2","method":"users.search","params":{"query":"x","n":${'{"a":'.repeat(depth / 2)}1${'}'.repeat(depth / 2)}}}`))).toBe('ok');
      expect(codeOf(await send('deep3', '['.repeat(depth) + ']'.repeat(depth)))).toBe('protocol.malformed');

      // Huge arrays within the frame limit.
      const numbers = `[${new Array(100_000).fill(0).join(',')}]`;
      expect(numbers.length).toBeLessThan(LIMITS.maxFrameBytes);
      expect(codeOf(await send('arr1', frame('arr1', 'sync.catchUp', { after: JSON.parse(numbers), limit: 10 })))).toBe('validation.invalid');
      // A large valid request: unknown keys are dropped by the schema, whatever their size.
      const cursors = Array.from({ length: 6_000 }, (_, i) => ({ conversationId: `c${i}`, seq: i }));
      const many = frame('arr2', 'sync.catchUp', { after: 0, cursors, limit: 10 });
      expect(Buffer.byteLength(many)).toBeLessThan(LIMITS.maxFrameBytes);
      expect(codeOf(await send('arr2', many))).toBe('ok');

      // Prototype-pollution keys, at the frame and in params.
      const pollute = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
      expect(codeOf(await send('pp1', `{"v":2,"type":"request","id":"pp1","method":"users.search","params":{"query":"x","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}`))).toBe('ok');
      expect(codeOf(await send('pp2', `{"__proto__":{"type":"request"},"v":2,"type":"request","id":"pp2","method":"system.ping","params":${pollute}}`))).toBe('ok');
      expect(codeOf(await send('pp3', `{"v":2,"type":"request","id":"pp3","method":"sync.catchUp","params":{"after":${pollute},"limit":5}}`))).toBe('validation.invalid');
      expect(codeOf(await send('pp4', `{"v":2,"type":"request","id":"pp4","method":"messages.send","params":{"__proto__":{"conversationId":"x","clientId":"y","text":"z"}}}`))).toBe('validation.invalid');
      for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        expect(codeOf(await send(`m-${method}`, frame(`m-${method}`, method, {})))).toBe('protocol.unknown_method');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();

      // Non-string ids: the request id and the entity ids.
      for (const [i, bad] of [123, null, {}, [], true, ''].entries()) {
        expect(codeOf(await send(`rid${i}`, frame(bad, 'system.ping', {})))).toBe('protocol.malformed');
        expect(codeOf(await send(`cid${i}`, frame(`cid${i}`, 'messages.history', { conversationId: bad, limit: 5 })))).toBe('validation.invalid');
        expect(codeOf(await send(`uid${i}`, frame(`uid${i}`, 'conversations.openDirect', { userId: bad })))).toBe('validation.invalid');
      }
      for (const bad of ['../etc/passwd', "x' OR '1'='1", 'a'.repeat(65), 'id\u0000', 'ｉｄ']) {
        expect(codeOf(await send('sq', frame('sq', 'messages.history', { conversationId: bad, limit: 5 })))).toBe('validation.invalid');
      }
      for (const bad of [1e309, -1, 1.5, '5', NaN]) {
        expect(codeOf(await send('lim', frame('lim', 'messages.history', { conversationId: 'abc', limit: bad })))).toBe('validation.invalid');
      }

      // Still serving: the attacker's own socket, and everyone else.
      await expect(attacker.client.request('system.ping', {})).resolves.toHaveProperty('serverTime');
      await sendText(bystander.alice.client, bystander.conversation.id, 'still here');
      await bystander.bob.client.nextEvent('message.new');
      expect(attacker.client.invalidFrames).toEqual([]);
      for (const text of frames) {
        const parsed = JSON.parse(text) as { error?: { message: string } };
        if (parsed.error) expect(parsed.error.message).not.toMatch(LEAKY);
      }
      for (const c of [attacker.client, bystander.alice.client, bystander.bob.client]) await c.close();
    });

    it('unicode edge cases in usernames: refused at sign-up with validation.invalid, no match at sign-in, no crash', async () => {
      const real = await signedInClient(server, 'uni');
      const name = real.session.user.username;
      const client = await TestClient.connect(server.socketUrl);
      const frames = recordFrames(client);
      const lookalikes = [
        name.replace(/[a-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)), // fullwidth
        name.replace(/u/, '\u0443'), // Cyrillic у
        `${name}\u200b`, // zero-width space
        `${name}\u0000`, // NUL
        `\u202e${name}`, // right-to-left override
        `${name}\u0301`, // combining accent
        'İstanbul', // dotted capital I lower-cases to two code points
        '😀😀',
        '\ud800x', // lone surrogate
        'a'.repeat(33),
      ];
      for (const username of lookalikes) {
        expect((await rejection(client.signUp(username))).code, JSON.stringify(username)).toBe('validation.invalid');
        const signIn = await rejectionOf(JSON.stringify(username), client.request('auth.signIn', { username: username.slice(0, 32), password: PASSWORD }));
        expect(['auth.invalid_credentials', 'validation.invalid'], JSON.stringify(username)).toContain(signIn.code);
      }
      // Case and surrounding spaces fold to the same account, on purpose.
      await expect(client.request('auth.signIn', { username: ` ${name.toUpperCase()} `, password: PASSWORD })).resolves.toHaveProperty('session');
      // NUL can't be stored in PostgreSQL text: refused up front on both stores (was server.internal there).
      expect((await rejection(client.request('auth.signIn', { username: `${name}\u0000`, password: PASSWORD }))).code).toBe('validation.invalid');
      expect((await rejection(client.request('users.search', { query: 'a\u0000', limit: 5 }))).code).toBe('validation.invalid');
      expect((await rejection(client.signUp(uniqueName('nul'), PASSWORD, 'Nul\u0000Name'))).code).toBe('validation.invalid');
      for (const query of ['%', '_', '\\', "' OR 1=1 --", '\ud800', '😀']) {
        await expect(client.request('users.search', { query, limit: 5 }), JSON.stringify(query)).resolves.toHaveProperty('users');
      }
      const { conversation } = await client.request('conversations.openDirect', { userId: (await signedInClient(server, 'peer')).session.user.id });
      expect((await rejection(client.request('messages.send', { conversationId: conversation.id, clientId: uniqueName('u'), text: 'nul\u0000byte' }))).code).toBe('validation.invalid');
      for (const text of ['\ud800 lone', '\u202e reversed']) {
        const reply = await client.request('messages.send', { conversationId: conversation.id, clientId: uniqueName('u'), text }).then(() => 'ok', (e: unknown) => (isMagpieError(e) ? e.code : String(e)));
        expect(['ok', 'validation.invalid'], JSON.stringify(text)).toContain(reply);
      }
      expect(client.invalidFrames).toEqual([]);
      for (const text of frames) expect(text).not.toMatch(/server\.internal/);
      await expect(client.request('system.ping', {})).resolves.toHaveProperty('serverTime');
      await client.close();
      await real.client.close();
    });
  });

  describe('what replies never contain', () => {
    it('an unexpected store failure answers server.internal with no stack trace and no SQL', async () => {
      const StoreClass = kind === 'postgres' ? PostgresStore : SqliteStore;
      const spy = vi.spyOn(StoreClass.prototype, 'searchUsers').mockRejectedValue(
        Object.assign(new Error('SQLITE_ERROR: near "SELECT": syntax error in SELECT id, password_hash FROM users WHERE username = ?'), { code: '42601' }),
      );
      try {
        const { client } = await signedInClient(server);
        const frames = recordFrames(client);
        const error = await rejection(client.request('users.search', { query: 'x', limit: 5 }));
        expect(error.code).toBe('server.internal');
        expect(error.message).not.toMatch(LEAKY);
        for (const text of frames) {
          expect(text).not.toMatch(LEAKY);
          expect(text).not.toContain('stack');
        }
        await client.close();
      } finally {
        spy.mockRestore();
      }
    });

    it('the password hash and the session token (or its hash) never appear in any reply or event', async () => {
      const { alice, bob, conversation } = await directPair(server);
      const watchers = [alice.client, bob.client].map((c) => ({ c, frames: recordFrames(c) }));
      const laptop = await secondSocket(server, alice.session);
      watchers.push({ c: laptop, frames: recordFrames(laptop) });
      // Exercise every read path that returns users or sessions.
      await sendText(alice.client, conversation.id, 'hello');
      await bob.client.request('users.search', { query: alice.session.user.username, limit: 5 });
      await bob.client.request('conversations.list', {});
      await bob.client.request('sync.catchUp', { after: 0, limit: 50 });
      await bob.client.request('sync.bootstrap', {});
      await bob.client.request('messages.history', { conversationId: conversation.id, limit: 5 });
      await laptop.request('conversations.markRead', { conversationId: conversation.id, seq: 1 });
      await laptop.request('auth.resume', { token: alice.session.token });
      await rejection(bob.client.request('auth.signIn', { username: alice.session.user.username, password: 'wrong password!' }));
      await rejection(bob.client.request('auth.resume', { token: 'y'.repeat(43) }));
      await bob.client.request('system.ping', {});

      const [{ password_hash } = { password_hash: '' }] = await storedRows<{ password_hash: string }>(server, 'SELECT password_hash FROM users WHERE id = ?', [alice.session.user.id]);
      const tokenHashes = (await storedRows<{ token_hash: string }>(server, 'SELECT token_hash FROM sessions')).map((r) => r.token_hash);
      const secrets = [password_hash!, password_hash!.split('$').pop()!, ...tokenHashes, alice.session.token, bob.session.token, PASSWORD];
      for (const { frames } of watchers) {
        expect(frames.length).toBeGreaterThan(0);
        for (const text of frames) {
          for (const secret of secrets) expect(text.includes(secret)).toBe(false);
          expect(text).not.toMatch(/scrypt\$|password_?hash|token_?hash/i);
        }
      }
      for (const c of [alice.client, bob.client, laptop]) await c.close();
    });
  });

  describe('sign-in', () => {
    beforeEach(() => {
      vi.mocked(passwords.verifyPassword).mockClear();
    });

    it('an unknown user and a wrong password both run scrypt: the unknown one against the decoy hash', async () => {
      const { client, session } = await signedInClient(server, 'timing');
      const [{ password_hash } = { password_hash: '' }] = await storedRows<{ password_hash: string }>(server, 'SELECT password_hash FROM users WHERE id = ?', [session.user.id]);
      const decoy = await passwords.decoyPasswordHash();
      expect(decoy).toMatch(/^scrypt\$N=16384,r=8,p=1\$/);
      expect(decoy.replace(/\$[^$]+\$[^$]+$/, '')).toBe(password_hash!.replace(/\$[^$]+\$[^$]+$/, '')); // same cost parameters
      const verify = vi.mocked(passwords.verifyPassword);

      verify.mockClear();
      await rejection(client.request('auth.signIn', { username: uniqueName('ghost'), password: 'not the password' }));
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0]).toEqual(['not the password', decoy]);
      expect(await verify.mock.results[0]!.value).toBe(false);

      verify.mockClear();
      await rejection(client.request('auth.signIn', { username: session.user.username, password: 'not the password' }));
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0]).toEqual(['not the password', password_hash]);

      // Even the decoy's own password can't sign in as nobody (there is none to know, and no user).
      verify.mockClear();
      await client.request('auth.signIn', { username: session.user.username, password: PASSWORD });
      expect(verify.mock.calls[0]).toEqual([PASSWORD, password_hash]);
      await client.close();
    });
  });
});

describe('sign-in rate limit [embedded SQLite]', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: { authPerMinute: 3 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('trips per IP and username, reports retryAfterMs, and holds for the right password and for case or spacing variants', async () => {
    const owner = await TestClient.connect(server.socketUrl);
    const username = uniqueName('victim');
    await owner.signUp(username); // one attempt for this IP + username
    const attacker = await TestClient.connect(server.socketUrl);
    const attempt = (name: string, password = 'guess-guess') => rejection(attacker.request('auth.signIn', { username: name, password }));

    expect((await attempt(username)).code).toBe('auth.invalid_credentials');
    expect((await attempt(username)).code).toBe('auth.invalid_credentials');
    const limited = await attempt(username);
    expect(limited.code).toBe('rate.limited');
    expect(limited.details?.retryAfterMs).toEqual(expect.any(Number));
    expect(limited.details!.retryAfterMs as number).toBeGreaterThan(0);
    expect(limited.details!.retryAfterMs as number).toBeLessThanOrEqual(60_000);
    // The limit is checked before the password: the right one is refused too, as are variants.
    expect((await attempt(username, PASSWORD)).code).toBe('rate.limited');
    expect((await attempt(` ${username.toUpperCase()} `)).code).toBe('rate.limited');
    // From another socket of the same IP: same key, same limit.
    const other = await TestClient.connect(server.socketUrl);
    expect((await rejection(other.request('auth.signIn', { username, password: PASSWORD }))).code).toBe('rate.limited');
    // Another username from the same IP has its own allowance; the server keeps serving.
    expect((await attempt(uniqueName('someone'))).code).toBe('auth.invalid_credentials');
    await expect(other.request('system.ping', {})).resolves.toHaveProperty('serverTime');
    for (const c of [owner, attacker, other]) await c.close();
  });
});
