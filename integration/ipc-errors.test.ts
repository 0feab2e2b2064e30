import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, eventually } from './helpers';

describe('bridge requests against the real server', () => {
  let world: Awaited<ReturnType<typeof createWorld>>;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('answers invalid requests with typed errors and never throws', async () => {
    const { ann, conversationId } = await world.pair();
    const { core } = ann;
    const cases: Array<[string, unknown, string]> = [
      ['messages.send', { conversationId, text: '   ' }, 'ipc.invalid_request'],
      ['messages.send', { conversationId: 'not valid!', text: 'hi' }, 'ipc.invalid_request'],
      ['messages.send', { conversationId, text: 'x'.repeat(8001) }, 'ipc.invalid_request'],
      ['messages.list', { conversationId, limit: 10_000 }, 'ipc.invalid_request'],
      ['session.signUp', { username: 'NO SPACES', password: 'short', displayName: '' }, 'ipc.invalid_request'],
      ['session.signIn', null, 'ipc.invalid_request'],
      ['outbox.retry', { clientId: '' }, 'ipc.invalid_request'],
      ['shell.exec', { command: 'rm -rf /' }, 'ipc.unknown_channel'],
    ];
    for (const [channel, request, code] of cases) {
      const envelope = await core.invoke(channel as never, request);
      expect(envelope, channel).toMatchObject({ ok: false, error: { code } });
    }
  });

  it('passes the server’s typed errors through', async () => {
    const { ann } = await world.pair();
    expect(await ann.core.invoke('conversations.openDirect', { userId: 'nobody-like-this' })).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/user\.not_found|conversation\.not_found/) },
    });
    const stranger = world.client();
    await stranger.core.start();
    expect(await stranger.core.invoke('session.signIn', { username: 'ann', password: 'wrong-password' })).toMatchObject({
      ok: false,
      error: { code: 'auth.invalid_credentials' },
    });
    expect(await stranger.core.invoke('session.signUp', { username: 'ann', password: 'password-x', displayName: 'Imposter' })).toMatchObject({
      ok: false,
      error: { code: 'auth.username_taken' },
    });
  });

  it('marks a send the server refuses for good as failed; discard removes it', async () => {
    const { ann } = await world.pair();
    // A conversation id the server does not know: permanent, so the outbox must not retry it.
    const sent = await ann.call('messages.send', { conversationId: 'no-such-conversation', text: 'lost' });
    await eventually(async () => {
      const { messages } = await ann.call('messages.list', { conversationId: 'no-such-conversation' });
      expect(messages).toMatchObject([{ clientId: sent.message.clientId, status: 'failed', error: { code: 'conversation.not_found' } }]);
    });
    await ann.call('outbox.discard', { clientId: sent.message.clientId });
    expect((await ann.call('messages.list', { conversationId: 'no-such-conversation' })).messages).toEqual([]);
  });

  it('signs out, refusing work that needs a session, and signs back in to the same cache', async () => {
    const { ann, conversationId } = await world.pair();
    await ann.call('messages.send', { conversationId, text: 'kept' });
    await eventually(async () => expect((await ann.call('messages.list', { conversationId })).messages).toMatchObject([{ status: 'sent' }]));
    expect(await ann.call('session.signOut', {})).toMatchObject({ state: 'signed-out' });
    expect(await ann.core.invoke('conversations.list', {})).toMatchObject({ ok: false, error: { code: 'auth.required' } });
    await ann.call('session.signIn', { username: 'ann', password: 'password-ann' });
    expect((await ann.call('messages.list', { conversationId })).messages).toMatchObject([{ text: 'kept', status: 'sent' }]);
  });
});
