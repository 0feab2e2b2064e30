import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import { signedInClient } from '../test-fixtures';
import { describeEachStore, storedRows } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { authorized, fetchBytes, fetchInfo, tusFailure, tusUpload } from './testing-files';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Starts an upload in chunks and cuts the connection in the middle of the second one. */
function uploadThenCut(httpUrl: string, token: string, bytes: Buffer, chunkSize: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(bytes, {
      endpoint: `${httpUrl}${FILE_ROUTES.uploads}`,
      headers: { Authorization: `Bearer ${token}` },
      metadata: { filename: 'data.raw' },
      chunkSize,
      retryDelays: null,
      onProgress(sent) {
        if (sent >= chunkSize * 1.5) {
          void upload.abort().then(() => resolve(upload.url!));
        }
      },
      onSuccess: () => reject(new Error('the upload finished before it was cut')),
      onError: reject,
    });
    upload.start();
  });
}

async function serverOffset(uploadUrl: string, token: string): Promise<number> {
  const res = await fetch(uploadUrl, { method: 'HEAD', headers: authorized(token, { 'Tus-Resumable': '1.0.0' }) });
  expect(res.status).toBe(200);
  return Number(res.headers.get('upload-offset'));
}

describeEachStore('file uploads over tus', (variant) => {
  let server: TestServer;
  let token: string;
  let filesDir: string;

  beforeAll(async () => {
    server = await startTestServer({ store: variant.kind });
    token = (await signedInClient(server)).session.token;
    filesDir = path.join(server.dataDir, 'files');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records a PNG with its hash, size, dimensions and a thumbnail, and answers with its id', async () => {
    const png = await sharp({ create: { width: 1200, height: 800, channels: 4, background: '#3366ff80' } }).png().toBuffer();
    const { fileId } = await tusUpload(server.httpUrl, token, png, { filename: '设计稿.png', contentType: 'image/png' });
    expect(fileId).toBeTruthy();
    const info = await fetchInfo(server.httpUrl, token, fileId!);
    expect(info).toMatchObject({ id: fileId, name: '设计稿.png', size: png.length, contentType: 'image/png', sha256: sha256(png), width: 1200, height: 800 });
    expect(info.thumbnailFileId).toBeTruthy();

    const { res, bytes } = await fetchBytes(`${server.httpUrl}${FILE_ROUTES.thumbnail(fileId!)}`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const thumb = await sharp(bytes).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 320, 213]);
    const thumbInfo = await fetchInfo(server.httpUrl, token, info.thumbnailFileId!);
    expect(thumbInfo).toMatchObject({ contentType: 'image/webp', width: 320, height: 213, sha256: sha256(bytes), thumbnailFileId: null });

    const original = await fetchBytes(`${server.httpUrl}${FILE_ROUTES.content(fileId!)}`, token);
    expect(original.bytes.equals(png)).toBe(true);
  });

  it('reports a photo stored sideways (EXIF orientation) upright, and its thumbnail is upright with no metadata', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#808080' } })
      .jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { fileId } = await tusUpload(server.httpUrl, token, jpeg, { filename: 'IMG_0001.JPG', contentType: 'image/jpeg' });
    const info = await fetchInfo(server.httpUrl, token, fileId!);
    expect([info.contentType, info.width, info.height]).toEqual(['image/jpeg', 200, 400]);
    const { bytes } = await fetchBytes(`${server.httpUrl}${FILE_ROUTES.thumbnail(fileId!)}`, token);
    const thumb = await sharp(bytes).metadata();
    expect([thumb.width, thumb.height, thumb.orientation, thumb.exif]).toEqual([160, 320, undefined, undefined]);
  });

  it('resumes a cut upload from the offset the server holds, and the recorded bytes are the sent bytes', async () => {
    const bytes = randomBytes(4 * 256 * 1024);
    const url = await uploadThenCut(server.httpUrl, token, bytes, 256 * 1024);
    const held = await serverOffset(url, token);
    expect(held).toBeGreaterThanOrEqual(256 * 1024);
    expect(held).toBeLessThan(bytes.length);

    const patchOffsets: number[] = [];
    const { fileId } = await tusUpload(server.httpUrl, token, bytes, {
      uploadUrl: url,
      chunkSize: 256 * 1024,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH') patchOffsets.push(Number(req.getHeader('Upload-Offset')));
      },
    });
    expect(patchOffsets[0]).toBe(held); // it did not start over
    const info = await fetchInfo(server.httpUrl, token, fileId!);
    expect(info).toMatchObject({ size: bytes.length, sha256: sha256(bytes), contentType: 'application/octet-stream', thumbnailFileId: null });
    const { bytes: downloaded } = await fetchBytes(`${server.httpUrl}${FILE_ROUTES.content(fileId!)}`, token);
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it('takes the type from the bytes and the declared type only for text', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const asPdf = await tusUpload(server.httpUrl, token, pdf, { filename: 'claims-to-be.png', contentType: 'image/png' });
    expect((await fetchInfo(server.httpUrl, token, asPdf.fileId!)).contentType).toBe('application/pdf');
    const csv = await tusUpload(server.httpUrl, token, Buffer.from('名字,数量\n苹果,3\n'), { filename: 'list.csv', contentType: 'text/csv' });
    expect((await fetchInfo(server.httpUrl, token, csv.fileId!)).contentType).toBe('text/csv');
    const html = await tusUpload(server.httpUrl, token, Buffer.from('<script>alert(1)</script>'), { filename: 'x.html', contentType: 'text/html' });
    expect((await fetchInfo(server.httpUrl, token, html.fileId!)).contentType).toBe('text/plain');
    const empty = await tusUpload(server.httpUrl, token, Buffer.alloc(0), { filename: 'empty.txt' });
    expect(await fetchInfo(server.httpUrl, token, empty.fileId!)).toMatchObject({ size: 0, contentType: 'text/plain', sha256: sha256(Buffer.alloc(0)) });
  });

  it('refuses programs by their bytes, and names that run on double-click before any byte is sent', async () => {
    // A DOS/PE stub and an ELF header: file-type knows both whatever the name says.
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    for (const bytes of [pe, elf]) {
      const failure = tusFailure(await tusUpload(server.httpUrl, token, bytes, { filename: 'holiday.jpg', contentType: 'image/jpeg' }).catch((e: unknown) => e));
      expect(failure).toMatchObject({ status: 415, error: { code: 'file.type_not_allowed' } });
    }
    const before = readdirSync(path.join(filesDir, 'uploads')).length;
    const byName = await fetch(`${server.httpUrl}${FILE_ROUTES.uploads}`, {
      method: 'POST',
      headers: authorized(token, { 'Tus-Resumable': '1.0.0', 'Upload-Length': '5', 'Upload-Metadata': `filename ${Buffer.from('invoice.pdf.exe').toString('base64')}` }),
    });
    expect(byName.status).toBe(415);
    expect(byName.headers.get('content-type')).toContain('application/json');
    expect(((await byName.json()) as { error: { code: string } }).error.code).toBe('file.type_not_allowed');
    expect(readdirSync(path.join(filesDir, 'uploads')).length).toBe(before); // nothing was created
  });

  it('never uses the client\'s name as a path', async () => {
    const attempts = ['../../../../tmp/evil.txt', '..\\..\\evil.txt', '/etc/passwd', 'CON.txt', 'a\u202etxt.exe.md'];
    for (const filename of attempts) {
      const { fileId } = await tusUpload(server.httpUrl, token, Buffer.from('harmless'), { filename, contentType: 'text/plain' });
      const info = await fetchInfo(server.httpUrl, token, fileId!);
      expect(info.name).not.toMatch(/[/\\]|^\./);
      const [row] = await storedRows<{ storage_key: string }>(server, 'SELECT storage_key FROM files WHERE id = ?', [fileId]);
      expect(row!.storage_key).toBe(`blobs/${fileId!.slice(0, 2)}/${fileId}`);
    }
    expect(existsSync(path.join(server.dataDir, '..', 'evil.txt'))).toBe(false);
    expect(existsSync('/tmp/evil.txt')).toBe(false);
  });

  it('lets only the uploader resume, inspect, finish or delete an upload', async () => {
    const other = (await signedInClient(server, 'other')).session.token;
    const url = await uploadThenCut(server.httpUrl, token, randomBytes(4 * 64 * 1024), 64 * 1024);
    const uploadId = url.split('/').pop()!;
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const res = await fetch(url, {
        method,
        headers: authorized(other, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }),
        body: method === 'PATCH' ? Buffer.from('x') : undefined,
      });
      expect(res.status, method).toBe(404);
    }
    const result = await fetch(`${server.httpUrl}${FILE_ROUTES.uploadResult(uploadId)}`, { headers: authorized(other) });
    expect(result.status).toBe(404);
    // Unfinished: the owner is told to resume first.
    const mine = await fetch(`${server.httpUrl}${FILE_ROUTES.uploadResult(uploadId)}`, { headers: authorized(token) });
    expect(mine.status).toBe(400);
    expect(((await mine.json()) as { error: { code: string } }).error.code).toBe('validation.invalid');

    const gone = await fetch(url, { method: 'DELETE', headers: authorized(token, { 'Tus-Resumable': '1.0.0' }) });
    expect(gone.status).toBe(204);
    expect(existsSync(path.join(filesDir, 'uploads', uploadId))).toBe(false);
  });

  it('asks for a session on every upload request', async () => {
    const create = (headers: Record<string, string>) => fetch(`${server.httpUrl}${FILE_ROUTES.uploads}`, {
      method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '1', ...headers },
    });
    const anonymous = await create({});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('auth.required');
    const forged = await create({ Authorization: 'Bearer not-a-real-token' });
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('auth.session_invalid');
  });

  it('gives the file id to a client that missed the final reply, once, however often it asks', async () => {
    const bytes = Buffer.from('the last reply was lost on the way back');
    const created = await fetch(`${server.httpUrl}${FILE_ROUTES.uploads}`, {
      method: 'POST',
      headers: authorized(token, { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(bytes.length), 'Upload-Metadata': `filename ${Buffer.from('lost.txt').toString('base64')}` }),
    });
    expect(created.status).toBe(201);
    const uploadId = created.headers.get('location')!.split('/').pop()!;
    // The bytes arrived, but the server stopped before recording them (as after a crash).
    writeFileSync(path.join(filesDir, 'uploads', uploadId), bytes);
    const answers = await Promise.all([1, 2, 3].map(() => fetch(`${server.httpUrl}${FILE_ROUTES.uploadResult(uploadId)}`, { headers: authorized(token) })));
    const ids = await Promise.all(answers.map(async (res) => {
      expect(res.status).toBe(200);
      return ((await res.json()) as { file: { id: string; sha256: string } }).file;
    }));
    expect(new Set(ids.map((f) => f.id)).size).toBe(1);
    expect(ids[0]!.sha256).toBe(sha256(bytes));
    const rows = await storedRows(server, 'SELECT id FROM files WHERE upload_id = ?', [uploadId]);
    expect(rows).toHaveLength(1);
  });
});

describeEachStore('upload limits and expiry', (variant) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ store: variant.kind, maxUploadBytes: 1000, uploadExpiryMs: 400 });
    token = (await signedInClient(server)).session.token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses an Upload-Length over the limit with 413 file.too_large, before any byte', async () => {
    const failure = tusFailure(await tusUpload(server.httpUrl, token, randomBytes(1001), { filename: 'big.raw' }).catch((e: unknown) => e));
    expect(failure).toMatchObject({ status: 413, error: { code: 'file.too_large', details: { maxBytes: 1000 } } });
    expect((await tusUpload(server.httpUrl, token, randomBytes(1000), { filename: 'fits.raw' })).fileId).toBeTruthy();
    const deferred = await fetch(`${server.httpUrl}${FILE_ROUTES.uploads}`, {
      method: 'POST', headers: authorized(token, { 'Tus-Resumable': '1.0.0', 'Upload-Defer-Length': '1' }),
    });
    expect(deferred.status).toBe(400);
  });

  it('deletes an abandoned upload once it expires', async () => {
    const created = await fetch(`${server.httpUrl}${FILE_ROUTES.uploads}`, {
      method: 'POST', headers: authorized(token, { 'Tus-Resumable': '1.0.0', 'Upload-Length': '100' }),
    });
    const uploadId = created.headers.get('location')!.split('/').pop()!;
    const bytesFile = path.join(server.dataDir, 'files', 'uploads', uploadId);
    expect(existsSync(bytesFile)).toBe(true);
    await expect.poll(() => existsSync(bytesFile) || existsSync(`${bytesFile}.json`), { timeout: 5000, interval: 50 }).toBe(false);
    const head = await fetch(`${server.httpUrl}${FILE_ROUTES.upload(uploadId)}`, { method: 'HEAD', headers: authorized(token, { 'Tus-Resumable': '1.0.0' }) });
    expect(head.status).toBe(404);
  });

  it('uses the protocol\'s default limit when none is configured', async () => {
    const defaults = await startTestServer({ store: variant.kind });
    try {
      expect(defaults.config.maxUploadBytes).toBe(LIMITS.defaultMaxUploadBytes);
      const res = await fetch(`${defaults.httpUrl}${FILE_ROUTES.uploads}`, { method: 'OPTIONS' });
      expect(res.headers.get('tus-max-size')).toBe(String(LIMITS.defaultMaxUploadBytes));
    } finally {
      await defaults.close();
    }
  });
});
