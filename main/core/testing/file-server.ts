import { createHash } from 'node:crypto';
import { mkdtempSync, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import type { FileInfo } from '../../../shared/protocol';
import { FILE_ID_HEADER, FILE_ROUTES } from '../../../shared/protocol/files';

export interface StoredFile {
  info: FileInfo;
  bytes: Buffer;
  thumbnail: Buffer | null;
}

/**
 * A small stand-in for the server's file routes, to the spec in shared/protocol/files.ts, for
 * core tests that need faults the real server does not make on demand: a download cut after N
 * bytes, bytes that do not match their hash, an upload stopped half-way. tus is the real
 * `@tus/server`; every request needs the bearer token.
 */
export async function startFileServer() {
  const token = 'file-server-test-token-0123456789';
  const files = new Map<string, StoredFile>();
  const results = new Map<string, string>();
  const requests: Array<{ method: string; url: string; range: string | undefined; uploadOffset: string | undefined }> = [];
  /** `dropDownloads`: the next N file reads lose their connection before any byte (a link down for HTTP only). */
  const faults = { cutDownloadAfter: null as number | null, corrupt: false, patchDelayMs: 0, dropDownloads: 0 };
  let nextId = 1;

  const datastore = new FileStore({ directory: mkdtempSync(path.join(os.tmpdir(), 'magpie-tus-')) });
  const tus = new TusServer({
    path: FILE_ROUTES.uploads,
    datastore,
    relativeLocation: true,
    exposedHeaders: [FILE_ID_HEADER],
    async onUploadFinish(_req, upload) {
      const bytes = await fs.readFile(path.join(datastore.directory, upload.id));
      const info = record(bytes, upload.metadata?.filename ?? 'file', upload.metadata?.contentType ?? 'application/octet-stream');
      results.set(upload.id, info.id);
      return { headers: { [FILE_ID_HEADER]: info.id } };
    },
  });

  function record(bytes: Buffer, name: string, contentType: string, thumbnail: Buffer | null = null): FileInfo {
    const info: FileInfo = {
      id: `file-${nextId++}`,
      name,
      size: bytes.length,
      contentType,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      width: null,
      height: null,
      durationMs: null,
      thumbnailFileId: null,
    };
    files.set(info.id, { info, bytes, thumbnail });
    return info;
  }

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', range: req.headers.range, uploadOffset: req.headers['upload-offset'] as string | undefined });
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { error: { code: 'auth.session_invalid', message: 'no' } });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith(FILE_ROUTES.uploads)) {
      const result = /^\/files\/uploads\/([^/]+)\/result$/.exec(url.pathname);
      if (!result) {
        // A slow link, so a test can stop an upload half-way.
        if (req.method === 'PATCH' && faults.patchDelayMs > 0) setTimeout(() => void tus.handle(req, res), faults.patchDelayMs);
        else void tus.handle(req, res);
        return;
      }
      const fileId = results.get(decodeURIComponent(result[1]!));
      return fileId ? json(res, 200, { file: files.get(fileId)!.info }) : json(res, 404, { error: { code: 'file.not_found', message: 'no' } });
    }
    const match = /^\/files\/([^/]+)(\/thumbnail)?$/.exec(url.pathname);
    const stored = match ? files.get(decodeURIComponent(match[1]!)) : undefined;
    if (!stored) return json(res, 404, { error: { code: 'file.not_found', message: 'no' } });
    if (faults.dropDownloads > 0) {
      faults.dropDownloads -= 1;
      return void req.socket.destroy();
    }
    let bytes = match![2] ? stored.thumbnail : stored.bytes;
    if (!bytes) return json(res, 404, { error: { code: 'file.not_found', message: 'no' } });
    if (faults.corrupt) bytes = Buffer.from(bytes.map((byte) => byte ^ 0xff));
    const headers: Record<string, string> = { 'Content-Type': stored.info.contentType, ETag: `"${stored.info.sha256}"`, 'Accept-Ranges': 'bytes' };
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= bytes.length) return void res.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` }).end();
      headers['Content-Range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    }
    const body = bytes.subarray(start);
    res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': String(body.length) });
    const cut = faults.cutDownloadAfter;
    if (cut !== null && cut < body.length) {
      faults.cutDownloadAfter = null;
      res.write(body.subarray(0, cut), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    files,
    requests,
    faults,
    datastore,
    /** A file as if someone had uploaded it. */
    add: (bytes: Buffer, name: string, contentType: string, thumbnail: Buffer | null = null) => record(bytes, name, contentType, thumbnail),
    credentials: (accountId = 'u1') => ({ accountId, serverUrl: url, token }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export type FileServer = Awaited<ReturnType<typeof startFileServer>>;
