import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isMagpieError } from '../../../shared/errors';
import { IdSchema } from '../../../shared/protocol';
import type { MediaRequest, MediaResponse } from '../host';
import type { MediaCache, MediaVariant } from './media-cache';
import { parseRange } from './range';

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // Opened on its own (a link, a dragged tab), a file must not run as a page of ours.
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Referrer-Policy': 'no-referrer',
};

/**
 * Serves cached media to the renderer at URLs `media.url` hands out. Each URL carries an HMAC of
 * the account, file and variant under a key made at launch: a page cannot make up URLs for files
 * it was not given, another account's URLs stop working at sign-out, and in the browser shell
 * (plain HTTP on 127.0.0.1) other local pages cannot read media any more than they can open its
 * sockets without the launch token.
 */
export class MediaServer {
  private readonly key = randomBytes(32);

  constructor(
    private readonly cache: MediaCache,
    private readonly baseUrl: string,
    private readonly accountId: () => string | null,
  ) {}

  url(fileId: string, variant: MediaVariant): string | null {
    const account = this.accountId();
    if (!account) return null;
    return `${this.baseUrl}${encodeURIComponent(fileId)}/${variant}?sig=${this.sign(account, fileId, variant)}`;
  }

  async serve(request: MediaRequest): Promise<MediaResponse> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return status(405);
    const match = /^\/?([^/?#]+)\/(original|thumbnail)\?sig=([A-Za-z0-9_-]{1,100})$/.exec(request.target);
    if (!match) return status(404);
    const fileId = decodeURIComponent(match[1]!);
    const variant = match[2] as MediaVariant;
    const account = this.accountId();
    if (!IdSchema.safeParse(fileId).success || !account || !sameSig(match[3]!, this.sign(account, fileId, variant))) return status(403);

    let entry;
    try {
      entry = await this.cache.get(fileId, variant);
    } catch (error) {
      const code = isMagpieError(error) ? error.code : 'server.internal';
      return status(code === 'file.not_found' ? 404 : code === 'client.offline' || code === 'server.unavailable' ? 503 : 502);
    }
    const base = { ...HEADERS, 'Content-Type': entry.contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, max-age=3600' };
    const range = parseRange(request.range, entry.size);
    if (range === 'unsatisfiable') return { status: 416, headers: { ...base, 'Content-Range': `bytes */${entry.size}` }, body: null };
    const head = request.method === 'HEAD';
    if (range === null) {
      return {
        status: 200,
        headers: { ...base, 'Content-Length': String(entry.size) },
        body: head || entry.size === 0 ? null : createReadStream(entry.path),
      };
    }
    return {
      status: 206,
      headers: { ...base, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${entry.size}` },
      body: head ? null : createReadStream(entry.path, { start: range.start, end: range.end }),
    };
  }

  private sign(account: string, fileId: string, variant: MediaVariant): string {
    return createHmac('sha256', this.key).update(`${account}\u0000${fileId}\u0000${variant}`).digest('base64url').slice(0, 32);
  }
}

function sameSig(offered: string, expected: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function status(code: number): MediaResponse {
  return { status: code, headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, body: null };
}
