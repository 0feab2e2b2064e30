import { describe, expect, it, vi } from 'vitest';
import { MagpieError } from '../../../shared/errors';
import { createDispatcher, type ChannelHandlers } from './dispatch';

function handlers(overrides: Partial<ChannelHandlers> = {}): ChannelHandlers {
  const notUsed = async () => {
    throw new Error('not used');
  };
  const base = Object.fromEntries(
    ['app.info', 'session.get', 'session.signIn', 'session.signUp', 'session.signOut', 'connection.get', 'connection.retryNow',
      'users.search', 'conversations.list', 'conversations.openDirect', 'messages.list', 'messages.send', 'outbox.retry', 'outbox.discard'].map(
      (name) => [name, notUsed],
    ),
  ) as unknown as ChannelHandlers;
  return { ...base, ...overrides };
}

describe('IPC dispatch', () => {
  const log = vi.fn();

  it('answers an unknown channel with ipc.unknown_channel', async () => {
    const dispatch = createDispatcher(handlers(), { validateResponses: true, log });
    expect(await dispatch('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
  });

  it('rejects invalid requests before any handler runs', async () => {
    const send = vi.fn();
    const dispatch = createDispatcher(handlers({ 'messages.send': send }), { validateResponses: true, log });
    for (const request of [null, 'text', {}, { conversationId: 'c1', text: '   ' }, { conversationId: 'bad id!', text: 'hi' }, { conversationId: 'c1', text: 'x'.repeat(8001) }]) {
      expect(await dispatch('messages.send', request)).toMatchObject({ ok: false, error: { code: 'ipc.invalid_request' } });
    }
    expect(send).not.toHaveBeenCalled();
  });

  it('hands the parsed request (defaults applied) to the handler', async () => {
    const signOut = vi.fn(async () => ({ state: 'signed-out' as const, serverUrl: 'http://x' }));
    const dispatch = createDispatcher(handlers({ 'session.signOut': signOut }), { validateResponses: true, log });
    expect(await dispatch('session.signOut', {})).toEqual({ ok: true, value: { state: 'signed-out', serverUrl: 'http://x' } });
    expect(signOut).toHaveBeenCalledWith({ wipeCache: false });
  });

  it('passes typed errors through and hides everything else', async () => {
    const dispatch = createDispatcher(
      handlers({
        'users.search': async () => {
          throw new MagpieError('client.offline', 'Not connected');
        },
        'conversations.list': async () => {
          throw new Error('SQLITE_CORRUPT at /home/secret/path');
        },
      }),
      { validateResponses: true, log },
    );
    expect(await dispatch('users.search', { query: 'a' })).toEqual({ ok: false, error: { code: 'client.offline', message: 'Not connected' } });
    const hidden = await dispatch('conversations.list', {});
    expect(hidden).toEqual({ ok: false, error: { code: 'server.internal', message: 'Unexpected error' } });
  });

  it('catches a response that breaks its schema', async () => {
    const dispatch = createDispatcher(
      handlers({ 'app.info': async () => ({ version: 1 }) as never }),
      { validateResponses: true, log },
    );
    expect(await dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'server.internal' } });
  });
});
