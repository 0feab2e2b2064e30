import { randomBytes, createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import { startFileServer, type FileServer } from '../testing/file-server';
import { downloadToPart } from './download-file';

let server: FileServer;
beforeEach(async () => {
  server = await startFileServer();
});
afterEach(async () => {
  await server.close();
});

function spec(fileId: string, size: number, sha256: string) {
  const partPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'magpie-dl-')), 'file.part');
  const progress: number[] = [];
  return {
    credentials: server.credentials(),
    url: `${server.url}${FILE_ROUTES.content(fileId)}`,
    partPath,
    size,
    sha256,
    onProgress: (bytes: number) => progress.push(bytes),
    signal: new AbortController().signal,
    progress,
  };
}

describe('a download', () => {
  it('resumes with a Range request after the link is cut, and ends with the exact bytes', async () => {
    const bytes = randomBytes(300_000);
    const info = server.add(bytes, 'clip.bin', 'application/octet-stream');
    server.faults.cutDownloadAfter = 100_000;
    const run = spec(info.id, info.size, info.sha256);
    await expect(downloadToPart(run)).rejects.toMatchObject({ code: 'client.offline' });
    const kept = readFileSync(run.partPath).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(bytes.length);

    await downloadToPart(run);
    const contentRequests = server.requests.filter((request) => request.url === FILE_ROUTES.content(info.id));
    expect(contentRequests.map((request) => request.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(createHash('sha256').update(readFileSync(run.partPath)).digest('hex')).toBe(info.sha256);
    expect(run.progress.at(-1)).toBe(bytes.length);
  });

  it('fails with file.hash_mismatch and keeps nothing when the bytes are not the file', async () => {
    const bytes = randomBytes(10_000);
    const info = server.add(bytes, 'a.bin', 'application/octet-stream');
    server.faults.corrupt = true;
    const run = spec(info.id, info.size, info.sha256);
    await expect(downloadToPart(run)).rejects.toMatchObject({ code: 'file.hash_mismatch' });
    expect(existsSync(run.partPath)).toBe(false);
  });

  it('says file.not_found for a file the server will not give', async () => {
    const run = spec('missing', 10, 'a'.repeat(64));
    await expect(downloadToPart(run)).rejects.toMatchObject({ code: 'file.not_found' });
  });
});
