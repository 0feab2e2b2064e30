import { Readable } from 'node:stream';
import type { CustomScheme, Protocol } from 'electron';
import type { MediaRequest, MediaResponse } from '../core/host';

/**
 * `magpie-media://media/<fileId>/<variant>?sig=…`: the bytes of images, voice and video for the
 * renderer's img/audio/video, served by the core from its media cache. A scheme of its own (not
 * app://) keeps these answers out of the page origin: the CSP allows exactly this origin for
 * img-src and media-src, and nothing here can be fetched as script or navigated to as a page.
 */
export const MEDIA_SCHEME = 'magpie-media';
export const MEDIA_HOST = 'media';
export const MEDIA_ORIGIN = `${MEDIA_SCHEME}://${MEDIA_HOST}`;
export const MEDIA_BASE_URL = `${MEDIA_ORIGIN}/`;

/**
 * Registered with app:// in one `registerSchemesAsPrivileged` call (Electron takes one). `stream`
 * lets media elements read a Range reply as it arrives; `secure` keeps it mixed-content clean.
 */
export const MEDIA_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: MEDIA_SCHEME,
  privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
};

export type ServeMedia = (request: MediaRequest) => Promise<MediaResponse>;

export function handleMediaProtocol(protocol: Pick<Protocol, 'handle'>, serve: ServeMedia): void {
  protocol.handle(MEDIA_SCHEME, (request) => serveMediaRequest(request, serve));
}

export async function serveMediaRequest(request: Request, serve: ServeMedia): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return new Response(null, { status: 400 });
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.host !== MEDIA_HOST) return new Response(null, { status: 404 });
  const reply = await serve({
    method: request.method,
    target: `${url.pathname.replace(/^\//, '')}${url.search}`,
    range: request.headers.get('range') ?? undefined,
  });
  const body = reply.body ? (Readable.toWeb(reply.body) as unknown as ReadableStream<Uint8Array>) : null;
  return new Response(body, { status: reply.status, headers: reply.headers });
}
