import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMagpieError } from '../../../shared/errors';
import { LIMITS } from '../../../shared/limits';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import { signedInClient, uniqueName } from '../test-fixtures';
import { startTestServer, type TestServer } from '../testing';
import { TestClient } from '../testing-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const request = (id: string, method: string, params: unknown = {}) => JSON.stringify({ v: PROTOCOL_VERSION, type: 'request', id, method, params });

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isMagpieError(error)) throw new Error(`expected a MagpieError, got ${String(error)}`);
  return error;
}

describe('the socket boundary', () => {
  it('answers a frame that is not JSON with a malformed fault and keeps the socket', async () => {
    const client = await TestClient.connect(server.socketUrl);
    client.sendRaw('{not json');
    expect((await client.nextFault()).error.code).toBe('protocol.malformed');
    await expect(client.request('system.ping', {})).resolves.toHaveProperty('serverTime');
    await client.close();
  });

  it('answers a JSON frame of the wrong shape with a malformed fault naming the request id', async () => {
    const client = await TestClient.connect(server.socketUrl);
    client.sendRaw(JSON.stringify({ v: PROTOCOL_VERSION, type: 'request', id: 'x1' }));
    const fault = await client.nextFault();
    expect(fault.error.code).toBe('protocol.malformed');
    expect(fault.error.details?.requestId).toBe('x1');
    client.sendRaw('[1,2,3]');
    expect((await client.nextFault()).error.code).toBe('protocol.malformed');
    await client.close();
  });

  it('refuses another protocol version with a fault carrying its own version, then closes with 4000', async () => {
    const client = await TestClient.connect(server.socketUrl);
    client.sendRaw(JSON.stringify({ v: PROTOCOL_VERSION + 1, type: 'hello-from-the-future', id: 'a' }));
    const fault = await client.nextFault();
    expect(fault.error.code).toBe('protocol.version_unsupported');
    expect(fault.serverVersion).toBe(PROTOCOL_VERSION);
    expect((await client.closed).code).toBe(4000);
  });

  it('refuses an oversized frame with a fault and the connection keeps working', async () => {
    const client = await TestClient.connect(server.socketUrl);
    client.sendRaw(request('big', 'system.ping', { pad: 'x'.repeat(LIMITS.maxFrameBytes + 10) }));
    expect((await client.nextFault()).error.code).toBe('protocol.frame_too_large');
    await expect(client.request('system.ping', {})).resolves.toHaveProperty('serverTime');
    await client.close();
  });

  it('cuts off a frame far beyond the limit with close code 1009 without harming the server', async () => {
    const client = await TestClient.connect(server.socketUrl);
    client.sendRaw('x'.repeat(LIMITS.maxFrameBytes * 4 + 1));
    expect((await client.closed).code).toBe(1009);
    const next = await TestClient.connect(server.socketUrl);
    await expect(next.request('system.ping', {})).resolves.toHaveProperty('serverTime');
    await next.close();
  });

  it('replies to an unknown method with protocol.unknown_method for that request id', async () => {
    const client = await TestClient.connect(server.socketUrl);
    const error = await rejection(client.request('files.teleport' as never, {} as never));
    expect(error.code).toBe('protocol.unknown_method');
    await client.close();
  });

  it('replies validation.invalid with the failing field when params are wrong', async () => {
    const client = await TestClient.connect(server.socketUrl);
    const error = await rejection(client.request('auth.signUp', { username: 'NOT valid!', password: 'correct horse', displayName: 'x' }));
    expect(error.code).toBe('validation.invalid');
    expect(error.message).toContain('username');
    await client.close();
  });

  it('requires a session for everything except sign-in, sign-up, resume and ping', async () => {
    const client = await TestClient.connect(server.socketUrl);
    expect((await rejection(client.request('conversations.list', {}))).code).toBe('auth.required');
    expect((await rejection(client.request('users.search', { query: 'a' }))).code).toBe('auth.required');
    await expect(client.request('system.ping', {})).resolves.toHaveProperty('serverTime');
    await client.close();
  });

  it('refuses a message over the length limit with message.too_long and a blank one with message.empty', async () => {
    const { client, session } = await signedInClient(server);
    const other = await signedInClient(server);
    const { conversation } = await client.request('conversations.openDirect', { userId: other.session.user.id });
    const send = (text: string) => client.request('messages.send', { conversationId: conversation.id, clientId: uniqueName('c'), text });
    expect((await rejection(send('长'.repeat(LIMITS.maxMessageChars + 1)))).code).toBe('message.too_long');
    expect((await rejection(send(' \n\t '))).code).toBe('message.empty');
    await expect(send('长'.repeat(LIMITS.maxMessageChars))).resolves.toMatchObject({ message: { senderId: session.user.id, seq: 1 } });
    await client.close();
    await other.client.close();
  });

  it('answers every request exactly once, in order, even when many are pipelined', async () => {
    const client = await TestClient.connect(server.socketUrl);
    const replies: string[] = [];
    client.socket.on('message', (data) => replies.push(JSON.parse(data.toString()).id));
    for (let i = 0; i < 100; i++) client.sendRaw(request(`p${i}`, 'system.ping'));
    await client.request('system.ping', {});
    expect(replies.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => `p${i}`));
    await client.close();
  });

  it('survives garbage: binary noise, nulls, deep nesting, huge ids, odd params', async () => {
    const client = await TestClient.connect(server.socketUrl);
    const garbage: Array<string | Buffer> = [
      Buffer.from([0, 159, 146, 150, 255]),
      'null',
      '"just a string"',
      '{"v":2}',
      '{"v":"1","type":"request","id":"a","method":"system.ping"}',
      JSON.stringify({ v: 2, type: 'request', id: 'y'.repeat(500), method: 'system.ping', params: {} }),
      request('n1', 'messages.send', null),
      request('n2', 'sync.catchUp', { cursors: 'all', limit: -1 }),
      request('n3', '__proto__'),
      request('n4', 'constructor'),
      '['.repeat(10_000) + ']'.repeat(10_000),
    ];
    for (const frame of garbage) client.sendRaw(frame);
    await expect(client.request('system.ping', {})).resolves.toHaveProperty('serverTime');
    expect(client.invalidFrames).toEqual([]);
    await client.close();
    const res = await fetch(`${server.httpUrl}/healthz`);
    expect(res.status).toBe(200);
  });
});
