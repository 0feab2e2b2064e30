import { createReadStream } from 'node:fs';
import * as tus from 'tus-js-client';
import { MagpieError } from '../../../shared/errors';
import { FILE_ID_HEADER, FILE_ROUTES, UploadResultSchema } from '../../../shared/protocol/files';
import type { FileInfo } from '../../../shared/protocol';
import { bearer, errorOfReply, networkError, serverUrlOf, type ServerCredentials } from './server-http';

/** What one upload sends: a staged file on disk and what the server's metadata asks for. */
export interface TusUploadSpec {
  credentials: ServerCredentials;
  filePath: string;
  size: number;
  name: string;
  contentType: string;
  conversationId: string | null;
  /** Where tus-js-client keeps the upload URL between runs (the transfer's row in the cache). */
  urlStorage: tus.UrlStorage;
  /** The transfer id: one stored upload per transfer, whatever the file's bytes. */
  fingerprint: string;
  onProgress(bytesDone: number): void;
  /** Waits between tus's own quick retries of a failed request; after them the upload fails. */
  retryDelays?: number[];
  chunkSize?: number;
}

export interface RunningUpload {
  /** The file the server recorded, or the typed reason it did not. */
  readonly done: Promise<FileInfo>;
  /** Stops sending. `terminate` also deletes the partial upload on the server (a cancel). */
  abort(terminate: boolean): Promise<void>;
}

/**
 * One tus 1.0.0 upload of a staged file (tus-js-client in Node: it reads the file by path, slice
 * by slice). A stored upload URL is resumed from the offset the server reports; a finished
 * upload's FileInfo is read from `uploadResult`, which also covers a reply lost to a cut link.
 */
export function startTusUpload(spec: TusUploadSpec): RunningUpload {
  let upload: tus.Upload | null = null;
  let stop: (error: MagpieError) => void = () => {};
  const done = new Promise<FileInfo>((resolve, reject) => {
    stop = reject;
    const metadata: Record<string, string> = { filename: spec.name, contentType: spec.contentType || 'application/octet-stream' };
    if (spec.conversationId) metadata.conversationId = spec.conversationId;
    upload = new tus.Upload(createReadStream(spec.filePath), {
      endpoint: serverUrlOf(spec.credentials, FILE_ROUTES.uploads),
      uploadSize: spec.size,
      metadata,
      headers: bearer(spec.credentials),
      chunkSize: spec.chunkSize ?? 16 * 1024 * 1024,
      retryDelays: spec.retryDelays ?? [0, 1_000, 3_000, 5_000],
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
      urlStorage: spec.urlStorage,
      fingerprint: async () => spec.fingerprint,
      // A refused upload (too large, a type not allowed, a dead session) will be refused again.
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        return status === 0 || status === 409 || status === 423 || status === 429 || status >= 500;
      },
      onProgress: (sent) => spec.onProgress(sent),
      onError: (error) => reject(tusError(error)),
      onSuccess: ({ lastResponse }) => {
        const url = upload?.url;
        if (!url) {
          reject(new MagpieError('transfer.failed', 'The upload finished without an address'));
          return;
        }
        fetchResult(spec.credentials, url, lastResponse.getHeader(FILE_ID_HEADER) ?? null).then(resolve, reject);
      },
    });
    const started = upload;
    started
      .findPreviousUploads()
      .then((previous) => {
        if (previous[0]) started.resumeFromPreviousUpload(previous[0]);
        started.start();
      })
      .catch((error: unknown) => reject(networkError(error)));
  });
  return {
    done,
    abort: async (terminate) => {
      // tus calls no handler after an abort, so the waiting caller is told here.
      stop(new MagpieError('transfer.failed', 'The upload was stopped', { stopped: true }));
      await upload?.abort(terminate);
    },
  };
}

/** The recorded file of a finished upload. */
async function fetchResult(credentials: ServerCredentials, uploadUrl: string, fileIdHeader: string | null): Promise<FileInfo> {
  const uploadId = decodeURIComponent(new URL(uploadUrl).pathname.split('/').filter(Boolean).pop() ?? '');
  let response: Response;
  try {
    response = await fetch(serverUrlOf(credentials, FILE_ROUTES.uploadResult(uploadId)), { headers: bearer(credentials) });
  } catch (error) {
    throw networkError(error);
  }
  const body = await response.text();
  if (!response.ok) throw errorOfReply(response.status, body);
  const parsed = UploadResultSchema.safeParse(JSON.parse(body));
  if (!parsed.success) throw new MagpieError('transfer.failed', 'The server described the file in a form this app does not understand');
  if (fileIdHeader !== null && fileIdHeader !== parsed.data.file.id) {
    throw new MagpieError('transfer.failed', 'The server named two different files for one upload');
  }
  return parsed.data.file;
}

function tusError(error: Error): MagpieError {
  const detailed = error as tus.DetailedError;
  const response = detailed.originalResponse;
  if (response) return errorOfReply(response.getStatus(), response.getBody() ?? '');
  if (detailed.causingError?.name === 'AbortError') return new MagpieError('transfer.failed', 'The upload was stopped');
  // No reply at all: the network or the file.
  const code = (detailed.causingError as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES') return new MagpieError('transfer.source_unreadable', 'The file to upload cannot be read');
  return networkError(error);
}

/** Deletes a partial upload that is not running (a cancel while paused); best effort. */
export async function terminateUpload(credentials: ServerCredentials, uploadUrl: string): Promise<void> {
  await tus.Upload.terminate(uploadUrl, { headers: bearer(credentials), retryDelays: [] });
}
