import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MagpieCoreApi } from '../core/host';

export const MEDIA_PREFIX = '/media/';

/**
 * `GET /media/<fileId>/<variant>?sig=…` on the shell's origin: the core checks the signature
 * (made at launch, so only URLs `media.url` handed out work), fetches into its media cache and
 * answers, with Range for audio and video.
 */
export async function serveMediaRoute(core: Pick<MagpieCoreApi, 'serveMedia'>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = (request.url ?? '').slice(MEDIA_PREFIX.length);
  const reply = await core.serveMedia({ method: request.method ?? 'GET', target, range: request.headers.range });
  response.writeHead(reply.status, reply.headers);
  if (!reply.body) {
    response.end();
    return;
  }
  // A video element drops its connection when it seeks: stop reading the file too.
  response.once('close', () => reply.body?.destroy());
  reply.body.once('error', () => response.destroy());
  reply.body.pipe(response);
}
