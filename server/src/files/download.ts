import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FileInfo } from '../../../shared/protocol';

/**
 * Sends a stored file: single-range `Range` (206, or 416 with `Content-Range: bytes *\/N`),
 * `If-Range`, `ETag` = the sha256 with `If-None-Match` (304), as an attachment with its safe name.
 * The bytes are user content from anyone in a conversation, so nothing may render them as our
 * page: nosniff, and a sandbox CSP for a browser that opens them anyway.
 */
export function sendStoredFile(request: FastifyRequest, reply: FastifyReply, info: FileInfo, absolutePath: string): FastifyReply {
  const etag = `"${info.sha256}"`;
  reply
    .header('ETag', etag)
    .header('Cache-Control', 'private, no-cache')
    .header('Accept-Ranges', 'bytes')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', 'sandbox')
    .header('Content-Disposition', contentDisposition(info.name));

  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();

  const ifRange = request.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, info.size) : null;
  if (range === 'unsatisfiable') {
    return reply.code(416).header('Content-Range', `bytes */${info.size}`).send();
  }
  const type = info.contentType.startsWith('text/') ? `${info.contentType}; charset=utf-8` : info.contentType;
  reply.type(type);
  if (range === null) {
    reply.header('Content-Length', info.size);
    return reply.code(200).send(info.size === 0 ? '' : createReadStream(absolutePath));
  }
  const { start, end } = range;
  reply.header('Content-Range', `bytes ${start}-${end}/${info.size}`).header('Content-Length', end - start + 1);
  return reply.code(206).send(createReadStream(absolutePath, { start, end }));
}

/**
 * One `bytes=` range as inclusive offsets; null means "send it all" (no header, a syntax we do
 * not serve such as several ranges — RFC 9110 lets a server ignore Range); 'unsatisfiable'
 * when the range lies wholly beyond the file.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null; // invalid: ignored, as the RFC says
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Weak comparison (RFC 9110 §13.1.2): `W/` prefixes do not matter; `*` matches any file. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/**
 * `attachment` with an ASCII fallback and the real name in RFC 5987 `filename*` (every browser
 * and HTTP client in use reads it), so Chinese names survive.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
