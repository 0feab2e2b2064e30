import { CACHE_METHODS, CacheRequestSchema, type CacheApi, type CacheReply } from '../../../shared/cache';
import { MagpieError, toErrorShape } from '../../../shared/errors';
import type { MessageTransport } from '../host';

/**
 * The cache host's side of the RPC: validates every request (main is trusted, but a bug there
 * must not write garbage into the user's cache), runs it against the store and answers with a
 * typed reply. Requests run one at a time, in arrival order, so `cache.open` replayed by the
 * client always lands before the calls behind it. Returns a function that stops serving.
 */
export function serveCache(transport: MessageTransport, store: CacheApi): () => void {
  let chain: Promise<void> = Promise.resolve();

  const stopMessages = transport.onMessage((message) => {
    const request = CacheRequestSchema.safeParse(message);
    if (!request.success) {
      const id = idOf(message);
      if (id !== null) reply({ type: 'cache.reply', id, ok: false, error: invalid('Malformed cache request') });
      return;
    }
    const { id, method } = request.data;
    const params = CACHE_METHODS[method].params.safeParse(request.data.params);
    if (!params.success) {
      reply({ type: 'cache.reply', id, ok: false, error: invalid(`Invalid params for ${method}`) });
      return;
    }
    chain = chain.then(async () => {
      try {
        const call = store[method] as (params: unknown) => Promise<unknown>;
        const result = await call(params.data);
        reply({ type: 'cache.reply', id, ok: true, result });
      } catch (error) {
        reply({ type: 'cache.reply', id, ok: false, error: toErrorShape(error, 'cache.failed') });
      }
    });
  });

  function reply(message: CacheReply): void {
    try {
      transport.send(message);
    } catch {
      // The port is gone; the client re-sends what it did not hear back about.
    }
  }

  transport.send({ type: 'cache.ready' });
  return () => {
    stopMessages();
  };
}

function invalid(message: string) {
  return new MagpieError('validation.invalid', message).toShape();
}

function idOf(message: unknown): number | null {
  if (typeof message !== 'object' || message === null) return null;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}
