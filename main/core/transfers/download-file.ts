import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { MagpieError } from '../../../shared/errors';
import { bearer, errorOfReply, networkError, type ServerCredentials } from './server-http';

export interface DownloadSpec {
  credentials: ServerCredentials;
  /** The file's URL on the server (content or thumbnail route). */
  url: string;
  /** Where the bytes collect until they are complete and verified. */
  partPath: string;
  size: number;
  /** Verified over the whole file at the end; null skips the check (thumbnails have none). */
  sha256: string | null;
  onProgress(bytesDone: number): void;
  signal: AbortSignal;
}

/**
 * Fetches a file into `partPath`, continuing from whatever a previous run (cut off, or before a
 * restart) left there with a `Range` request. A server that ignores the range answers 200 and
 * the file starts over. When the bytes are all there they are hashed: a mismatch deletes the
 * partial file (its bytes cannot be trusted to resume from) and fails with `file.hash_mismatch`.
 */
export async function downloadToPart(spec: DownloadSpec): Promise<void> {
  let have = await sizeOf(spec.partPath);
  if (have > spec.size) {
    await fs.rm(spec.partPath, { force: true });
    have = 0;
  }
  if (have < spec.size || spec.size === 0) await fetchRest(spec, have);
  await verify(spec);
}

async function fetchRest(spec: DownloadSpec, have: number): Promise<void> {
  const headers: Record<string, string> = bearer(spec.credentials);
  if (have > 0) headers.Range = `bytes=${have}-`;
  let response: Response;
  try {
    response = await fetch(spec.url, { headers, signal: spec.signal });
  } catch (error) {
    if (spec.signal.aborted) throw stopped();
    throw networkError(error);
  }
  if (response.status === 416) {
    // What we hold does not fit the file any more: start over once.
    await response.body?.cancel();
    await fs.rm(spec.partPath, { force: true });
    if (have > 0) return fetchRest(spec, 0);
    throw new MagpieError('transfer.failed', 'The server refused the range');
  }
  if (response.status !== 200 && response.status !== 206) throw errorOfReply(response.status, await response.text());
  if (!response.body) throw new MagpieError('transfer.failed', 'The server sent no body');
  if (spec.sha256) checkEtag(response.headers.get('etag'), spec.sha256);

  let start = 0;
  if (response.status === 206) {
    start = rangeStart(response.headers.get('content-range'));
    if (start !== have) throw new MagpieError('transfer.failed', 'The server sent another range than asked for');
  }
  // Each piece is written before the next is read: a cut keeps every byte that arrived (a
  // buffered write stream would drop what it had not flushed when the pipeline tears it down).
  const handle = await fs.open(spec.partPath, start === 0 ? 'w' : 'r+');
  let done = start;
  spec.onProgress(done);
  try {
    for await (const piece of Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)) {
      const chunk = piece as Uint8Array;
      if (done + chunk.length > spec.size) throw new MagpieError('file.hash_mismatch', 'The server sent more bytes than the file has');
      await handle.write(chunk, 0, chunk.length, done);
      done += chunk.length;
      spec.onProgress(done);
    }
  } catch (error) {
    if (spec.signal.aborted) throw stopped();
    if (error instanceof MagpieError) throw error;
    throw networkError(error);
  } finally {
    await handle.close();
  }
}

async function verify(spec: DownloadSpec): Promise<void> {
  const size = await sizeOf(spec.partPath);
  const mismatch = async (message: string) => {
    await fs.rm(spec.partPath, { force: true });
    return new MagpieError('file.hash_mismatch', message);
  };
  if (size !== spec.size) throw await mismatch('The downloaded file has the wrong size');
  if (!spec.sha256) return;
  const hash = createHash('sha256');
  await pipeline(createReadStream(spec.partPath), hash);
  if (hash.digest('hex') !== spec.sha256) throw await mismatch('The downloaded file is not the file that was sent');
}

function checkEtag(etag: string | null, sha256: string): void {
  if (etag === null) return;
  const value = etag.replace(/^W\//, '').replace(/"/g, '');
  // The server's ETag is the sha256: another one means another file.
  if (/^[0-9a-f]{64}$/.test(value) && value !== sha256) throw new MagpieError('file.hash_mismatch', 'The server has different bytes for this file');
}

function rangeStart(contentRange: string | null): number {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(contentRange ?? '');
  if (!match) throw new MagpieError('transfer.failed', 'The server sent a malformed Content-Range');
  return Number(match[1]);
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

function stopped(): MagpieError {
  return new MagpieError('transfer.failed', 'The download was stopped', { stopped: true });
}
