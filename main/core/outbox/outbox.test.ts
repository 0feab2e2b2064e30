import { describe, expect, it, vi } from 'vitest';
import { MagpieError } from '../../../shared/errors';
import type { Message, MethodParams } from '../../../shared/protocol';
import { CoreEvents } from '../events';
import type { ServerRequest } from '../sync/sync-engine';
import { createTestStore, message } from '../testing/fixtures';
import { Outbox } from './outbox';

async function setup(reply: (params: MethodParams<'messages.send'>) => Promise<{ message: Message }>) {
  const cache = createTestStore();
  await cache['cache.open']({ accountId: 'u1' });
  const sent: string[] = [];
  let online = true;
  let seq = 0;
  const request = vi.fn(async (method: string, params: unknown) => {
    if (method !== 'messages.send') throw new Error(`unexpected ${method}`);
    const send = params as MethodParams<'messages.send'>;
    sent.push(send.text);
    return reply(send);
  }) as unknown as ServerRequest;
  const received: Message[] = [];
  const sync = { receive: vi.fn(async (m: Message) => void received.push(m)) };
  let clock = 1_000;
  let ids = 0;
  const outbox = new Outbox({
    cache,
    request,
    isOnline: () => online,
    sync,
    events: new CoreEvents(),
    now: () => clock++,
    log: () => {},
    newClientId: () => `client-${++ids}`,
  });
  await outbox.load('u1');
  const accept = (params: MethodParams<'messages.send'>) => ({ message: { ...message(params.conversationId, ++seq, params.text), clientId: params.clientId } });
  return { cache, outbox, sent, received, request, setOnline: (value: boolean) => (online = value), accept };
}

describe('Outbox', () => {
  it('writes to the cache before anything else and sends in order, once each', async () => {
    let accept!: (p: MethodParams<'messages.send'>) => { message: Message };
    const env = await setup(async (params) => accept(params));
    accept = env.accept;
    env.setOnline(false);
    const first = await env.outbox.send('c1', { text: 'one' });
    expect(first).toMatchObject({ status: 'sending', seq: null, text: 'one' });
    expect((await env.cache['outbox.list']({})).items.map((item) => item.text)).toEqual(['one']);
    await env.outbox.send('c1', { text: 'two' });
    await env.outbox.send('c2', { text: 'three' });
    expect(env.sent).toEqual([]);

    env.setOnline(true);
    await env.outbox.flush();
    expect(env.sent).toEqual(['one', 'two', 'three']);
    expect(env.received.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect((await env.cache['outbox.list']({})).items).toEqual([]);
    await env.outbox.flush();
    expect(env.sent).toHaveLength(3);
  });

  it('marks permanent refusals failed and goes on with the rest', async () => {
    let accept!: (p: MethodParams<'messages.send'>) => { message: Message };
    const env = await setup(async (params) => {
      if (params.text === 'bad') throw new MagpieError('conversation.forbidden', 'not a member');
      return accept(params);
    });
    accept = env.accept;
    env.setOnline(false);
    await env.outbox.send('c1', { text: 'bad' });
    await env.outbox.send('c1', { text: 'good' });
    env.setOnline(true);
    await env.outbox.flush();
    expect(env.sent).toEqual(['bad', 'good']);
    const [failed] = env.outbox.itemsOf('c1');
    expect(failed).toMatchObject({ text: 'bad', status: 'failed', attempts: 1, error: { code: 'conversation.forbidden' } });
    expect((await env.cache['outbox.list']({})).items).toMatchObject([{ text: 'bad', status: 'failed' }]);

    // A failed item waits for the user: flushing again does not resend it.
    await env.outbox.flush();
    expect(env.sent).toEqual(['bad', 'good']);
    await env.outbox.discard(failed!.clientId);
    expect(env.outbox.itemsOf('c1')).toEqual([]);
    expect((await env.cache['outbox.list']({})).items).toEqual([]);
  });

  it('keeps transient failures pending, in order, and resends with the same client id', async () => {
    let fail = true;
    let accept!: (p: MethodParams<'messages.send'>) => { message: Message };
    const clientIds: string[] = [];
    const env = await setup(async (params) => {
      clientIds.push(params.clientId);
      if (fail) throw new MagpieError('client.timeout', 'no reply');
      return accept(params);
    });
    accept = env.accept;
    env.setOnline(false);
    await env.outbox.send('c1', { text: 'one' });
    await env.outbox.send('c1', { text: 'two' });
    env.setOnline(true);
    await env.outbox.flush();
    env.setOnline(false); // the link died with the timeout
    // The first stays pending and holds up the second, so order is kept.
    expect(env.sent).toEqual(['one']);
    expect(env.outbox.itemsOf('c1').map((item) => item.status)).toEqual(['pending', 'pending']);

    fail = false;
    env.setOnline(true);
    await env.outbox.flush();
    expect(env.sent).toEqual(['one', 'one', 'two']);
    expect(clientIds[0]).toBe(clientIds[1]);
    expect(env.outbox.itemsOf('c1')).toEqual([]);
  });

  it('retry puts a failed item back in line', async () => {
    let refuse = true;
    let accept!: (p: MethodParams<'messages.send'>) => { message: Message };
    const env = await setup(async (params) => {
      if (refuse) throw new MagpieError('validation.invalid', 'no');
      return accept(params);
    });
    accept = env.accept;
    const item = await env.outbox.send('c1', { text: 'hello' });
    await env.outbox.flush();
    expect(env.outbox.itemsOf('c1')[0]?.status).toBe('failed');
    refuse = false;
    await env.outbox.retry(item.clientId);
    await env.outbox.flush();
    expect(env.outbox.itemsOf('c1')).toEqual([]);
    expect(env.received.map((m) => m.text)).toEqual(['hello']);
  });

  it('fails a waiting item at once when told (its upload was cancelled offline), and a retry re-arms it first', async () => {
    let accept!: (p: MethodParams<'messages.send'>) => { message: Message };
    const env = await setup(async (params) => accept(params));
    accept = env.accept;
    env.setOnline(false);
    const item = await env.outbox.send('c1', { text: 'with a file', stagingId: 'stage-1' });
    const error = new MagpieError('transfer.failed', 'The upload was cancelled', { cancelled: true });
    await env.outbox.fail(item.clientId, error);
    expect(env.outbox.itemsOf('c1')[0]).toMatchObject({ status: 'failed', error: { code: 'transfer.failed' } });
    expect((await env.cache['outbox.list']({})).items[0]).toMatchObject({ status: 'failed' }); // durable
    await env.outbox.fail('no-such-item', error); // a message already gone is no error

    const rearmed: string[] = [];
    env.outbox.setOnRetry(async (retried) => void rearmed.push(retried.clientId));
    env.outbox.setBeforeSend(async (waiting) => ({ ...waiting, fileId: 'file-1', kind: 'file' }));
    env.setOnline(true);
    await env.outbox.retry(item.clientId);
    await env.outbox.idle();
    expect(rearmed).toEqual([item.clientId]);
    expect(env.received.map((m) => m.text)).toEqual(['with a file']);
  });

  it('survives a restart: a new outbox over the same cache sends what was left', async () => {
    let accept!: (p: MethodParams<'messages.send'>) => { message: Message };
    const env = await setup(async (params) => accept(params));
    accept = env.accept;
    env.setOnline(false);
    await env.outbox.send('c1', { text: 'typed offline' });
    const received: Message[] = [];
    const restarted = new Outbox({
      cache: env.cache,
      request: (async (_method: string, params: MethodParams<'messages.send'>) => accept(params)) as unknown as ServerRequest,
      isOnline: () => true,
      sync: { receive: async (m) => void received.push(m) },
      events: new CoreEvents(),
      now: () => 5_000,
      log: () => {},
    });
    await restarted.load('u1');
    await restarted.flush();
    expect(received.map((m) => m.text)).toEqual(['typed offline']);
    expect((await env.cache['outbox.list']({})).items).toEqual([]);
  });

  it('refuses empty or oversized text itself', async () => {
    const env = await setup(async () => {
      throw new Error('not reached');
    });
    await expect(env.outbox.send('c1', { text: '  ' })).rejects.toMatchObject({ code: 'message.empty' });
    await expect(env.outbox.send('c1', { text: 'x'.repeat(8001) })).rejects.toMatchObject({ code: 'message.too_long' });
  });
});
