import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../../../shared/ipc';
import { FakeSocket } from '../testing/fake-socket';
import { DEFAULT_TUNING } from '../tuning';
import { Connection } from './connection';

/** The pretend server answers handshakes (auth.resume) and, unless told to play dead, pings. */
function setup() {
  const sockets: FakeSocket[] = [];
  let answerPings = true;
  let accept = true;
  const createSocket = (url: string) => {
    const socket = new FakeSocket(url, (s, frame) => {
      if (frame.method === 'auth.resume') s.reply(frame.id, { user: { id: 'u1', username: 'ann', displayName: 'Ann' } });
      if (frame.method === 'system.ping' && answerPings) s.reply(frame.id, { serverTime: 1 });
    });
    sockets.push(socket);
    // The server is up unless `accept` is false: then the attempt fails.
    queueMicrotask(() => (accept ? socket.open() : socket.fail()));
    return socket;
  };
  const connection = new Connection({
    createSocket,
    now: () => Date.now(),
    random: () => 0.5,
    tuning: { ...DEFAULT_TUNING, log: () => {} },
  });
  const states: ConnectionState[] = [];
  connection.onState((state) => states.push(state));
  const ready = vi.fn();
  connection.onReady(ready);
  const handshake = async (link: Parameters<Parameters<Connection['start']>[1]>[0]) => {
    await link.request('auth.resume', { token: 'x'.repeat(32) });
  };
  return {
    connection,
    sockets,
    states,
    ready,
    start: () => connection.start('ws://server/socket', handshake),
    playDead: (value: boolean) => (answerPings = !value),
    serverUp: (value: boolean) => (accept = value),
  };
}

describe('Connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects, runs the handshake, then reports online and ready', async () => {
    const env = setup();
    env.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(env.states.map((state) => state.status)).toEqual(['connecting', 'online']);
    expect(env.ready).toHaveBeenCalledTimes(1);
    expect(env.sockets[0]?.sent.map((frame) => frame.method)).toEqual(['auth.resume']);
  });

  it('pings every 20 s and drops a link whose ping goes unanswered for 10 s', async () => {
    const env = setup();
    env.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(env.sockets[0]?.sent.filter((frame) => frame.method === 'system.ping')).toHaveLength(1);
    expect(env.connection.current.status).toBe('online');

    env.playDead(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(env.connection.current.status).toBe('online');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(env.connection.current.status).toBe('retrying');
    expect(env.connection.current.lastError?.code).toBe('client.timeout');
    expect(env.sockets[0]?.readyState).toBe(3);

    env.playDead(false);
    await vi.advanceTimersByTimeAsync(250); // random 0.5 × 500 ms
    expect(env.connection.current.status).toBe('online');
    expect(env.sockets).toHaveLength(2);
  });

  it('backs off with growing, capped delays while the server is down, and retryNow skips the wait', async () => {
    const env = setup();
    env.start();
    await vi.advanceTimersByTimeAsync(0);
    env.serverUp(false);
    env.sockets[0]!.close();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const { retryAt } = env.connection.current;
      expect(env.connection.current.status).toBe('retrying');
      delays.push(retryAt! - Date.now());
      await vi.advanceTimersByTimeAsync(retryAt! - Date.now());
    }
    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);

    env.serverUp(true);
    const before = env.sockets.length;
    env.connection.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(env.connection.current.status).toBe('online');
    expect(env.sockets.length).toBe(before + 1);
  });

  it('resets the backoff only after a stable connection', async () => {
    const env = setup();
    env.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 3; i++) {
      env.sockets.at(-1)!.close(); // flapping: drops right after connecting
      await vi.advanceTimersByTimeAsync(env.connection.current.retryAt! - Date.now());
    }
    env.sockets.at(-1)!.close();
    expect(env.connection.current.retryAt! - Date.now()).toBe(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(10_000); // stays up: backoff starts over
    env.sockets.at(-1)!.close();
    expect(env.connection.current.retryAt! - Date.now()).toBe(250);
  });

  it('stops retrying on protocol.version_unsupported and keeps the error for the UI', async () => {
    const env = setup();
    env.start();
    await vi.advanceTimersByTimeAsync(0);
    env.sockets[0]!.push({ v: 2, type: 'fault', error: { code: 'protocol.version_unsupported', message: 'update' }, serverVersion: 2 });
    expect(env.connection.current).toMatchObject({ status: 'offline', lastError: { code: 'protocol.version_unsupported', details: { serverVersion: 2 } } });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(env.sockets).toHaveLength(1);
  });

  it('drops malformed frames without crashing', async () => {
    const env = setup();
    env.start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = env.sockets[0]!;
    socket.push('not json');
    socket.push({ v: 1, type: 'event', event: 'message.new', data: { message: { bogus: true } } });
    socket.push({ v: 1, type: 'whatever' });
    expect(env.connection.current.status).toBe('online');
    const result = env.connection.request('system.ping', {});
    expect(await result).toEqual({ serverTime: 1 });
  });

  it('tells answer listeners when the server answers a request or a heartbeat, not when it stays silent', async () => {
    const env = setup();
    const answered = vi.fn();
    env.connection.onAnswer(answered);
    env.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).not.toHaveBeenCalled(); // the handshake is the connection's own business
    await vi.advanceTimersByTimeAsync(20_000);
    expect(answered).toHaveBeenCalledTimes(1);
    const search = env.connection.request('users.search', { query: 'a' });
    const frame = env.sockets[0]!.sent.at(-1)!;
    env.sockets[0]!.reply(frame.id!, { users: [] });
    await search;
    expect(answered).toHaveBeenCalledTimes(2);
    env.playDead(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(answered).toHaveBeenCalledTimes(2);
  });

  it('refuses requests with client.offline while not online', async () => {
    const env = setup();
    await expect(env.connection.request('users.search', { query: 'a' })).rejects.toMatchObject({ code: 'client.offline' });
  });
});
