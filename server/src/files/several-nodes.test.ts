import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import { signedInClient } from '../test-fixtures';
import { describePostgres } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { fetchBytes, fetchInfo, tusUpload } from './testing-files';

/** Two nodes of one workspace: one PostgreSQL database, one files directory, any node per request. */
describePostgres('files across two nodes', () => {
  let a: TestServer;
  let b: TestServer;
  let token: string;

  beforeAll(async () => {
    a = await startTestServer({ store: 'postgres' });
    b = await startTestServer({ databaseUrl: a.databaseUrl, filesDir: path.join(a.dataDir, 'files') });
    token = (await signedInClient(a)).session.token;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('downloads on node B a file uploaded to node A', async () => {
    const bytes = randomBytes(50_000);
    const { fileId } = await tusUpload(a.httpUrl, token, bytes, { filename: 'on-a.raw' });
    const { res, bytes: body } = await fetchBytes(`${b.httpUrl}${FILE_ROUTES.content(fileId!)}`, token, { Range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(body.equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('finishes on node B an upload started on node A, and node A serves the result', async () => {
    const bytes = randomBytes(4 * 64 * 1024);
    const uploadUrl = await new Promise<string>((resolve, reject) => {
      const upload: tus.Upload = new tus.Upload(bytes, {
        endpoint: `${a.httpUrl}${FILE_ROUTES.uploads}`,
        headers: { Authorization: `Bearer ${token}` },
        metadata: { filename: 'half-and-half.raw' },
        chunkSize: 64 * 1024,
        retryDelays: null,
        onChunkComplete: (_chunk, accepted) => {
          if (accepted >= 2 * 64 * 1024) void upload.abort().then(() => resolve(upload.url!));
        },
        onSuccess: () => reject(new Error('finished on A')),
        onError: reject,
      });
      upload.start();
    });
    // The same upload, addressed on the other node (the client's load balancer chose B).
    const onB = uploadUrl.replace(a.httpUrl, b.httpUrl);
    const offsets: number[] = [];
    const { fileId } = await tusUpload(b.httpUrl, token, bytes, {
      uploadUrl: onB,
      chunkSize: 64 * 1024,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH') offsets.push(Number(req.getHeader('Upload-Offset')));
      },
    });
    expect(offsets[0]).toBe(2 * 64 * 1024);
    const info = await fetchInfo(a.httpUrl, token, fileId!);
    expect(info.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const { bytes: body } = await fetchBytes(`${a.httpUrl}${FILE_ROUTES.content(fileId!)}`, token);
    expect(body.equals(bytes)).toBe(true);
  });
});
