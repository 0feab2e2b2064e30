import { describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import { resolveOptions } from '../config';
import { fileAccess } from '../files/access';
import type { ServerServices } from '../methods/context';
import type { Store } from '../store/store';
import { Connection } from './connection';
import { RequestDispatcher } from './dispatch';
import { ConnectionHub } from './hub';
import { LocalPubSub } from './pubsub';
import { RateLimiter } from './rate-limit';

/** A socket stand-in that records what the server sends. */
function fakeConnection() {
  const sent: any[] = [];
  const socket = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (text: string) => sent.push(JSON.parse(text)), close: vi.fn(), terminate: vi.fn() };
  return { conn: new Connection(socket as never, '127.0.0.1'), sent };
}

describe('request dispatch', () => {
  it('turns an unexpected handler failure into server.internal without leaking its text or stack, and logs it', async () => {
    const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
    const store = { messaging: { listConversations: async () => { throw new Error('disk on fire at /secret/path'); } } } as unknown as Store;
    const services: ServerServices = {
      config: resolveOptions({ dataDir: '/unused' }),
      store,
      hub: new ConnectionHub(),
      pubsub: new LocalPubSub(() => {}),
      limiters: {
        auth: new RateLimiter({ capacity: 1, refillPerSecond: 1 }), send: new RateLimiter({ capacity: 1, refillPerSecond: 1 }), typing: new RateLimiter({ capacity: 1, refillPerSecond: 1 }),
      },
      log: log as never,
      audit: async () => {},
      files: fileAccess(store),
    };
    const dispatcher = new RequestDispatcher(services);
    const { conn, sent } = fakeConnection();
    conn.session = { tokenHash: 'h', user: { id: 'u1', username: 'me', displayName: 'Me', avatarFileId: null, isAdmin: false } };
    dispatcher.handleFrame(conn, Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, type: 'request', id: 'r1', method: 'conversations.list', params: {} })));
    await dispatcher.drain(1000);
    expect(sent).toEqual([{ v: PROTOCOL_VERSION, type: 'reply', id: 'r1', ok: false, error: { code: 'server.internal', message: 'Unexpected error' } }]);
    expect(JSON.stringify(sent)).not.toContain('secret');
    expect(log.error).toHaveBeenCalledOnce();
  });
});
