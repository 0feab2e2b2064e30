import * as tus from 'tus-js-client';
import type { ErrorShape } from '../../../shared/errors';
import type { FileInfo } from '../../../shared/protocol';
import { FILE_ID_HEADER, FILE_ROUTES } from '../../../shared/protocol/files';

/** Test-only helpers for the file routes: a real tus client, and authorized fetches. */

export interface TusOptions {
  filename?: string;
  contentType?: string;
  chunkSize?: number;
  /** Resume this upload instead of creating one. */
  uploadUrl?: string;
  onAfterResponse?: (req: tus.HttpRequest, res: tus.HttpResponse, upload: tus.Upload) => void;
  onBeforeRequest?: (req: tus.HttpRequest) => void;
}

export interface TusResult {
  upload: tus.Upload;
  /** From the final reply's Magpie-File-Id. */
  fileId: string | undefined;
}

/** Uploads with tus-js-client in Node, as the desktop core does; rejects with the tus error. */
export function tusUpload(httpUrl: string, token: string, bytes: Buffer, options: TusOptions = {}): Promise<TusResult> {
  return new Promise((resolve, reject) => {
    const metadata: Record<string, string> = {};
    if (options.filename !== undefined) metadata.filename = options.filename;
    if (options.contentType !== undefined) metadata.contentType = options.contentType;
    const upload: tus.Upload = new tus.Upload(bytes, {
      endpoint: `${httpUrl}${FILE_ROUTES.uploads}`,
      uploadUrl: options.uploadUrl ?? null,
      headers: { Authorization: `Bearer ${token}` },
      metadata,
      chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
      retryDelays: null,
      onBeforeRequest: (req) => options.onBeforeRequest?.(req),
      onAfterResponse: (req, res) => options.onAfterResponse?.(req, res, upload),
      onSuccess: ({ lastResponse }) => resolve({ upload, fileId: lastResponse.getHeader(FILE_ID_HEADER) }),
      onError: reject,
    });
    upload.start();
  });
}

/** The status and JSON error a tus failure carried. */
export function tusFailure(error: unknown): { status: number | undefined; error: ErrorShape | undefined } {
  const res = (error as { originalResponse?: tus.HttpResponse | null }).originalResponse ?? undefined;
  let shape: ErrorShape | undefined;
  try {
    shape = res ? (JSON.parse(res.getBody()) as { error: ErrorShape }).error : undefined;
  } catch {
    shape = undefined;
  }
  return { status: res?.getStatus(), error: shape };
}

export function authorized(token: string, headers: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, ...headers };
}

export async function fetchInfo(httpUrl: string, token: string, fileId: string): Promise<FileInfo> {
  const res = await fetch(`${httpUrl}${FILE_ROUTES.info(fileId)}`, { headers: authorized(token) });
  if (res.status !== 200) throw new Error(`info ${fileId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as FileInfo);
}

export async function fetchBytes(url: string, token: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: authorized(token, headers) });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}
